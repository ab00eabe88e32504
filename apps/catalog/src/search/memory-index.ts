import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { Posting } from './postings';
import { documentKeys } from './search-text';
import { type ListingSummaryRow, PRICE_BANDS } from './search.repository';

/** A row of listing_search as the in-process index loads it (memory-search.engine.ts, documentSelect). */
export interface DocumentRow {
  listing_id: string;
  seller_org_id: string;
  county_code: string;
  /** The category and its ancestors, root first, joined by '/'. */
  category_path: string;
  direction: string;
  temperature_class: string;
  /** Joined by ','; '' for none. */
  certifications: string;
  min_price_fen: number;
  max_price_fen: number;
  /** Every SKU price joined by ',' when the listing has more than two, else null (its minimum and maximum). */
  more_prices: string | null;
  sales_count: number;
  /** published_at in microseconds since 1970, as text (a bigint). */
  published_micros: string;
  /** The relevance points that do not change with time: sales, the seller's rating, the title's length. */
  static_points: number;
  title_norm: string;
  search_text: string;
  pinyin: string;
  initials: string;
  /** What a result shows besides the columns above: the title as the seller wrote it, the first photo, … */
  title: string;
  cover_image: string | null;
  origin_village_code: string | null;
  /** … and the seller's name and rating (the same in every document of the seller). */
  seller_name: string;
  rating_average: string | null;
  rating_count: number;
}

/** Values of one column, each a small number (its position here), and back. */
export class Dictionary {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  find(name: string): number | undefined {
    return this.ids.get(name);
  }
}

const HEX = /-/g;

/** A listing id as four 32-bit words, compared word by word as PostgreSQL compares uuids (byte by byte). */
export function uuidWords(id: string): [number, number, number, number] {
  const hex = id.replace(HEX, '');
  return [
    parseInt(hex.slice(0, 8), 16),
    parseInt(hex.slice(8, 16), 16),
    parseInt(hex.slice(16, 24), 16),
    parseInt(hex.slice(24, 32), 16),
  ];
}

const HEX_DIGITS = '0123456789abcdef';

/** A listing id from its four words (as uuidWords split it). */
export function formatUuid(ids: Uint32Array, at: number): string {
  let hex = '';
  for (let word = 0; word < 4; word++) {
    const value = ids[at + word];
    for (let shift = 28; shift >= 0; shift -= 4) {
      hex += HEX_DIGITS[(value >>> shift) & 15];
    }
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Slots by listing id without a string per listing: an open-addressing table (linear probing, deletion by
 * shifting back) of slots, hashed by the id's words as the index's `ids` column holds them.
 */
class SlotTable {
  private table: Int32Array;
  private used = 0;

  constructor(
    private readonly index: MemoryIndex,
    expected: number,
  ) {
    this.table = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(8, expected * 2)))).fill(-1);
  }

  private hash(ids: Uint32Array | number[], at: number): number {
    let hash = Math.imul(ids[at] ^ 0x9e3779b9, 0x85ebca6b);
    hash = Math.imul(hash ^ ids[at + 1] ^ (hash >>> 13), 0xc2b2ae35);
    hash = Math.imul(hash ^ ids[at + 2] ^ (hash >>> 16), 0x85ebca6b);
    hash ^= ids[at + 3] ^ (hash >>> 13);
    return (hash ^ (hash >>> 16)) & (this.table.length - 1);
  }

  /** The slot of a listing id given as words, or -1. */
  get(words: number[]): number {
    const ids = this.index.ids;
    const mask = this.table.length - 1;
    for (let at = this.hash(words, 0); ; at = (at + 1) & mask) {
      const slot = this.table[at];
      if (slot === -1) {
        return -1;
      }
      const from = slot * 4;
      if (
        ids[from] === words[0] &&
        ids[from + 1] === words[1] &&
        ids[from + 2] === words[2] &&
        ids[from + 3] === words[3]
      ) {
        return slot;
      }
    }
  }

  /** Adds a slot (whose id the `ids` column holds; not in the table yet). */
  add(slot: number): void {
    if ((this.used + 1) * 2 > this.table.length) {
      const old = this.table;
      this.table = new Int32Array(old.length * 2).fill(-1);
      for (const kept of old) {
        if (kept !== -1) {
          this.place(kept);
        }
      }
    }
    this.place(slot);
    this.used++;
  }

  private place(slot: number): void {
    const mask = this.table.length - 1;
    let at = this.hash(this.index.ids, slot * 4);
    while (this.table[at] !== -1) {
      at = (at + 1) & mask;
    }
    this.table[at] = slot;
  }

  /** Takes a slot out (while the `ids` column still holds its id). */
  delete(slot: number): void {
    const mask = this.table.length - 1;
    let at = this.hash(this.index.ids, slot * 4);
    while (this.table[at] !== slot) {
      if (this.table[at] === -1) {
        return;
      }
      at = (at + 1) & mask;
    }
    // shift back the entries after it that would no longer be found
    let hole = at;
    for (let next = (hole + 1) & mask; this.table[next] !== -1; next = (next + 1) & mask) {
      const home = this.hash(this.index.ids, this.table[next] * 4);
      // it stays when its home lies cyclically in (hole, next]; otherwise it moves into the hole
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        this.table[hole] = this.table[next];
        hole = next;
      }
    }
    this.table[hole] = -1;
    this.used--;
  }

  get size(): number {
    return this.used;
  }

  get bytes(): number {
    return this.table.byteLength;
  }
}

/**
 * A run of three UTF-16 code units as one number (48 bits, exact: no two runs share it), the key of a title's list
 * of such runs (`MemoryIndex.trigrams`).
 */
export const trigramKey = (a: number, b: number, c: number): number => a * 4_294_967_296 + b * 65_536 + c;

/** The filters with a list per value. */
export type FilterKind = 'county' | 'category' | 'direction' | 'temperature' | 'certification' | 'seller';

/** `titleLength` of a document whose title is not where its text begins (kept apart). */
const TITLE_APART = 0xffff;

/** The orders a browse walks (memory-search.engine.ts): by newest, by sales and by the cheapest price. */
export type OrderName = 'published' | 'sales' | 'minPrice';

/**
 * The live slots in ascending order of one column, ties by listing id (the order SearchRepository's sorts and cursors
 * use), kept sorted as documents come and go: a browse without words walks it from either end, or from a cursor's
 * place, and stops once its page is full.
 */
export class SlotOrder {
  slots = new Uint32Array(1024);
  size = 0;

  constructor(
    private readonly index: MemoryIndex,
    readonly column: OrderName,
  ) {}

  /** Whether slot a comes before slot b. */
  private compare(a: number, b: number): number {
    const values = this.index[this.column];
    return values[a] !== values[b] ? (values[a] < values[b] ? -1 : 1) : this.index.compareIds(a, b);
  }

  /** Orders every live slot (after a bulk load). */
  build(): void {
    const index = this.index;
    const slots = new Uint32Array(Math.max(1024, index.capacity));
    let size = 0;
    for (let slot = 0; slot < index.count; slot++) {
      if (index.alive[slot] === 1) {
        slots[size++] = slot;
      }
    }
    slots.subarray(0, size).sort((a, b) => this.compare(a, b));
    this.slots = slots;
    this.size = size;
  }

  /** The first position whose slot does not come before `slot` (which may or may not be in the order). */
  private place(slot: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(this.slots[middle], slot) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  insert(slot: number): void {
    if (this.size === this.slots.length) {
      const grown = new Uint32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    const at = this.place(slot);
    this.slots.copyWithin(at + 1, at, this.size);
    this.slots[at] = slot;
    this.size++;
  }

  /** Takes a slot out, found by the values its columns hold now (call before they change). */
  delete(slot: number): void {
    const at = this.place(slot);
    if (at < this.size && this.slots[at] === slot) {
      this.slots.copyWithin(at, at + 1, this.size);
      this.size--;
    }
  }

  /**
   * The first position whose (value, id) lies beyond the given one in ascending order (strictly beyond when
   * `strictly`, else at or beyond): where a walk past a cursor starts, upwards, or one before it, downwards.
   */
  seek(value: number, id: number[], strictly: boolean): number {
    const values = this.index[this.column];
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const slot = this.slots[middle];
      const along = values[slot] !== value ? values[slot] - value : this.index.compareIdTo(slot, id);
      if (strictly ? along <= 0 : along < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}

/**
 * The search documents of every public listing, held in this process: per-document columns in typed arrays (for
 * filters, facets, sorts and cursors), the texts the exact tests read, a {@link Posting} list per index key — the
 * same keys the key index of listing_search holds (textKeys of the text, then the pinyin and initials keys) — and per
 * filter value (county, category and each of its ancestors, direction, temperature class, certification, seller),
 * and the live slots in the order of each sort ({@link SlotOrder}, once {@link buildOrders} has run).
 * A changed document keeps its slot: it is taken out of its old lists and orders and put into its new ones. A
 * removed document's slot goes on a free list and the next new document takes it.
 */
export class MemoryIndex {
  /** Slots used (live and free). */
  count = 0;
  capacity = 0;
  /** Slots of removed documents, for the next new ones. */
  private readonly free: number[] = [];
  ids = new Uint32Array(0);
  alive = new Uint8Array(0);
  county = new Uint16Array(0);
  path = new Uint16Array(0);
  direction = new Uint8Array(0);
  temperature = new Uint8Array(0);
  certifications = new Uint16Array(0);
  seller = new Uint32Array(0);
  minPrice = new Int32Array(0);
  maxPrice = new Int32Array(0);
  sales = new Int32Array(0);
  published = new Float64Array(0);
  staticPoints = new Int16Array(0);
  /**
   * The prices of a listing with some besides its cheapest and dearest: how many (0 for the rest, whose prices are
   * their minimum and maximum), and where they start in `pricePool`.
   */
  morePrices = new Uint16Array(0);
  priceAt = new Uint32Array(0);
  private pricePool = new Int32Array(1024);
  private priceUsed = 0;
  /** Entries of the pool no listing refers to any longer (reclaimed when they are half of it). */
  private priceGarbage = 0;
  /** The length of the title at the start of the text (the folded title is where the text begins) ... */
  titleLength = new Uint16Array(0);
  /** ... or, for a title that is not (TITLE_APART in `titleLength`), the title itself. */
  private readonly titlesApart = new Map<number, string>();
  /** The title as shown, where folding changed it (elsewhere it is the folded title). */
  private readonly titlesShown = new Map<number, string>();
  /** The first photo of each listing, as a result shows it. */
  covers: (string | null)[] = [];
  /** The village of origin: its position in `villages` plus one, 0 for none. */
  village = new Uint32Array(0);
  /** The certifications as the listing lists them (their order kept): a position in `certificationSets`. */
  certificationSet = new Uint16Array(0);
  /**
   * What facets count of a listing besides its county — category path, temperature class, list of certifications,
   * price band — as one position in `facetCombos`, so that counting a match reads one column, not four.
   */
  facetCombo = new Uint32Array(0);
  /** Each combination's category path, temperature class, certification list and price band (-1: none). */
  readonly facetCombos: { path: number; temperature: number; certificationSet: number; band: number }[] = [];
  private readonly facetComboIds = new Map<number, number>();
  texts: string[] = [];
  pinyins: string[] = [];
  initials: string[] = [];
  private readonly slotTable: SlotTable;
  readonly keys = new Map<number, Posting>();
  /**
   * A list per run of three characters (no space among them) of the titles that begin their text: holding the run
   * proves that the title, and so the text, holds those three characters, which the keys (pairs) do not — so a word
   * of three characters is confirmed from lists rather than by reading each candidate's text.
   */
  readonly trigrams = new Map<number, Posting>();
  /** The lists of each filter's values, by the value's position in its dictionary. */
  private readonly filterLists: Record<FilterKind, Posting[]> = {
    county: [],
    category: [],
    direction: [],
    temperature: [],
    certification: [],
    seller: [],
  };
  readonly counties = new Dictionary();
  /** Category paths (category ids joined by '/'); `pathIds` holds each one's ids, root first. */
  readonly paths = new Dictionary();
  readonly pathIds: string[][] = [];
  readonly categories = new Dictionary();
  /** The category of each path and its ancestors, as positions in `categories`. */
  private readonly pathCategories: number[][] = [];
  readonly directions = new Dictionary();
  readonly temperatures = new Dictionary();
  readonly certificationNames = new Dictionary();
  /** Each list of certifications (joined by ','), its names and its bitmask of `certificationNames`. */
  readonly certificationSets = new Dictionary();
  private readonly certificationLists: string[][] = [];
  private readonly certificationMasks: number[] = [];
  readonly villages = new Dictionary();
  readonly sellers = new Dictionary();
  /** Each seller's name and rating, by the seller's position in `sellers`, as its latest document has them. */
  private readonly sellerNames: string[] = [];
  private readonly sellerRatings: (string | null)[] = [];
  private readonly sellerRatingCounts: number[] = [];
  /** The sort orders, null until {@link buildOrders} (a bulk load puts its documents first). */
  orders: Record<OrderName, SlotOrder> | null = null;

  /** `expected`: documents to make room for (the columns grow as needed). */
  constructor(expected = 1024) {
    this.slotTable = new SlotTable(this, expected);
    this.grow(Math.max(expected, 1024));
  }

  private grow(capacity: number): void {
    const copy = <T extends { set(array: ArrayLike<number>): void }>(old: ArrayLike<number>, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.ids = copy(this.ids, new Uint32Array(capacity * 4));
    this.alive = copy(this.alive, new Uint8Array(capacity));
    this.county = copy(this.county, new Uint16Array(capacity));
    this.path = copy(this.path, new Uint16Array(capacity));
    this.direction = copy(this.direction, new Uint8Array(capacity));
    this.temperature = copy(this.temperature, new Uint8Array(capacity));
    this.certifications = copy(this.certifications, new Uint16Array(capacity));
    this.seller = copy(this.seller, new Uint32Array(capacity));
    this.minPrice = copy(this.minPrice, new Int32Array(capacity));
    this.maxPrice = copy(this.maxPrice, new Int32Array(capacity));
    this.sales = copy(this.sales, new Int32Array(capacity));
    this.published = copy(this.published, new Float64Array(capacity));
    this.staticPoints = copy(this.staticPoints, new Int16Array(capacity));
    this.morePrices = copy(this.morePrices, new Uint16Array(capacity));
    this.priceAt = copy(this.priceAt, new Uint32Array(capacity));
    this.titleLength = copy(this.titleLength, new Uint16Array(capacity));
    this.village = copy(this.village, new Uint32Array(capacity));
    this.certificationSet = copy(this.certificationSet, new Uint16Array(capacity));
    this.facetCombo = copy(this.facetCombo, new Uint32Array(capacity));
    this.capacity = capacity;
  }

  private dictionary(kind: FilterKind): Dictionary {
    return {
      county: this.counties,
      category: this.categories,
      direction: this.directions,
      temperature: this.temperatures,
      certification: this.certificationNames,
      seller: this.sellers,
    }[kind];
  }

  /** The list of the listings with this value of a filter (county code, category id, …), or undefined. */
  filterList(kind: FilterKind, name: string): Posting | undefined {
    const id = this.dictionary(kind).find(name);
    return id === undefined ? undefined : this.filterLists[kind][id];
  }

  /** Calls `visit` with each filter list a slot is in (as its columns say now), created when `create`. */
  private eachFilter(slot: number, create: boolean, visit: (list: Posting) => void): void {
    const lists = this.filterLists;
    const at = (kind: FilterKind, id: number) => {
      let list = lists[kind][id];
      if (!list && create) {
        list = lists[kind][id] = new Posting();
      }
      if (list) {
        visit(list);
      }
    };
    at('county', this.county[slot]);
    at('direction', this.direction[slot]);
    at('temperature', this.temperature[slot]);
    at('seller', this.seller[slot]);
    for (const category of this.pathCategories[this.path[slot]]) {
      at('category', category);
    }
    for (let bit = 0, mask = this.certifications[slot]; mask !== 0; bit++, mask >>>= 1) {
      if (mask & 1) {
        at('certification', bit);
      }
    }
  }

  private key(key: number): Posting {
    let posting = this.keys.get(key);
    if (!posting) {
      posting = new Posting();
      this.keys.set(key, posting);
    }
    return posting;
  }

  /** The slot of a listing's document, or undefined. */
  slotOf(listingId: string): number | undefined {
    const slot = this.slotTable.get(uuidWords(listingId));
    return slot === -1 ? undefined : slot;
  }

  /** The listing id of a slot's document. */
  listingId(slot: number): string {
    return formatUuid(this.ids, slot * 4);
  }

  /** Adds a document, or replaces the one of the same listing (in the same slot). */
  put(row: DocumentRow): void {
    const words = uuidWords(row.listing_id);
    let slot = this.slotTable.get(words);
    if (slot !== -1) {
      this.unindex(slot);
    } else {
      slot = this.free.pop() ?? -1;
      if (slot === -1) {
        if (this.count === this.capacity) {
          this.grow(this.capacity * 2);
        }
        slot = this.count++;
      }
      this.ids.set(words, slot * 4);
      this.slotTable.add(slot);
    }
    this.alive[slot] = 1;
    this.county[slot] = this.counties.id(row.county_code);
    const path = this.paths.id(row.category_path);
    if (!this.pathIds[path]) {
      this.pathIds[path] = row.category_path.split('/');
      this.pathCategories[path] = this.pathIds[path].map((category) => this.categories.id(category));
    }
    this.path[slot] = path;
    this.direction[slot] = this.directions.id(row.direction);
    this.temperature[slot] = this.temperatures.id(row.temperature_class);
    const set = this.certificationSets.id(row.certifications);
    if (!this.certificationLists[set]) {
      this.certificationLists[set] = row.certifications ? row.certifications.split(',') : [];
      this.certificationMasks[set] = this.certificationLists[set].reduce(
        (mask, name) => mask | (1 << this.certificationNames.id(name)),
        0,
      );
    }
    this.certificationSet[slot] = set;
    this.certifications[slot] = this.certificationMasks[set];
    const seller = this.sellers.id(row.seller_org_id);
    this.seller[slot] = seller;
    this.sellerNames[seller] = row.seller_name;
    this.sellerRatings[seller] = row.rating_average;
    this.sellerRatingCounts[seller] = row.rating_count;
    this.village[slot] = row.origin_village_code === null ? 0 : this.villages.id(row.origin_village_code) + 1;
    this.covers[slot] = row.cover_image;
    this.minPrice[slot] = row.min_price_fen;
    this.maxPrice[slot] = row.max_price_fen;
    if (row.more_prices) {
      this.keepPrices(slot, row.more_prices.split(',').map(Number));
    }
    this.sales[slot] = row.sales_count;
    this.published[slot] = Number(row.published_micros);
    this.staticPoints[slot] = row.static_points;
    this.facetCombo[slot] = this.facetComboOf(path, this.temperature[slot], set, row.min_price_fen);
    this.texts[slot] = row.search_text;
    if (row.search_text.startsWith(row.title_norm) && row.title_norm.length < TITLE_APART) {
      this.titleLength[slot] = row.title_norm.length;
    } else {
      this.titleLength[slot] = TITLE_APART;
      this.titlesApart.set(slot, row.title_norm);
    }
    if (row.title !== row.title_norm) {
      this.titlesShown.set(slot, row.title);
    }
    this.pinyins[slot] = row.pinyin;
    this.initials[slot] = row.initials;
    this.eachFilter(slot, true, (list) => list.add(slot));
    // the keys the repository stores in search_keys (deriveDocuments): the text's, then pinyin and initials
    this.eachKey(slot, (key) => this.key(key).add(slot));
    this.eachTrigram(slot, (key) => {
      let posting = this.trigrams.get(key);
      if (!posting) {
        posting = new Posting();
        this.trigrams.set(key, posting);
      }
      posting.add(slot);
    });
    if (this.orders) {
      this.orders.published.insert(slot);
      this.orders.sales.insert(slot);
      this.orders.minPrice.insert(slot);
    }
  }

  /**
   * Calls `visit` with every key of a slot's document (a key may come more than once): those textKeys gives for its
   * text — each character but the space by the low 16 bits of its code point, and each pair of adjacent ones —
   * computed here without building a set per document, then documentKeys of its pinyin and initials.
   */
  private eachKey(slot: number, visit: (key: number) => void): void {
    const text = this.texts[slot];
    let previous = -1;
    for (let at = 0; at < text.length; at++) {
      const point = text.codePointAt(at)!;
      if (point > 0xffff) {
        at++; // the low half of a surrogate pair
      }
      const key = point & 0xffff;
      if (key === 32) {
        previous = -1;
        continue;
      }
      visit(key);
      if (previous !== -1) {
        visit((previous << 16) | key);
      }
      previous = key;
    }
    for (const key of documentKeys(this.pinyins[slot], this.initials[slot])) {
      visit(key);
    }
  }

  /** The position in `facetCombos` of a listing's path, temperature class, certification list and price band. */
  private facetComboOf(path: number, temperature: number, certificationSet: number, priceFen: number): number {
    let band = -1;
    while (band + 1 < PRICE_BANDS.length && priceFen >= PRICE_BANDS[band + 1][0]) {
      band++;
    }
    // exact as a number: path and list below 2^16, temperature below 2^8, band below 2^7
    const key = ((path * 65_536 + certificationSet) * 256 + temperature) * 128 + band + 1;
    let id = this.facetComboIds.get(key);
    if (id === undefined) {
      id = this.facetCombos.length;
      this.facetComboIds.set(key, id);
      this.facetCombos.push({ path, temperature, certificationSet, band });
    }
    return id;
  }

  /** Calls `visit` with the key of every run of three characters, none a space, of a slot's title (when its text begins with it). */
  private eachTrigram(slot: number, visit: (key: number) => void): void {
    const length = this.titleLength[slot];
    if (length === TITLE_APART) {
      return;
    }
    const text = this.texts[slot];
    let a = 32;
    let b = 32;
    for (let at = 0; at < length; at++) {
      const c = text.charCodeAt(at);
      if (a !== 32 && b !== 32 && c !== 32) {
        visit(trigramKey(a, b, c));
      }
      a = b;
      b = c;
    }
  }

  /** The list of titles holding a run of three characters (undefined when none does). */
  trigramList(run: string): Posting | undefined {
    return this.trigrams.get(trigramKey(run.charCodeAt(0), run.charCodeAt(1), run.charCodeAt(2)));
  }

  /** Takes a slot out of every list and order it is in (its columns and texts still those of its document). */
  private unindex(slot: number): void {
    if (this.orders) {
      this.orders.published.delete(slot);
      this.orders.sales.delete(slot);
      this.orders.minPrice.delete(slot);
    }
    this.eachKey(slot, (key) => this.keys.get(key)?.delete(slot));
    this.eachTrigram(slot, (key) => this.trigrams.get(key)?.delete(slot));
    this.eachFilter(slot, false, (list) => list.delete(slot));
    this.priceGarbage += this.morePrices[slot];
    this.morePrices[slot] = 0;
    this.titlesApart.delete(slot);
    this.titlesShown.delete(slot);
  }

  /** Removes a listing's document; its slot goes on the free list. */
  remove(listingId: string): void {
    const slot = this.slotOf(listingId);
    if (slot === undefined) {
      return;
    }
    this.unindex(slot);
    this.slotTable.delete(slot);
    this.alive[slot] = 0;
    this.texts[slot] = this.pinyins[slot] = this.initials[slot] = '';
    this.covers[slot] = null;
    this.free.push(slot);
  }

  /** Orders the live slots by each sort; from then on every change keeps the orders. */
  buildOrders(): void {
    const orders = {
      published: new SlotOrder(this, 'published'),
      sales: new SlotOrder(this, 'sales'),
      minPrice: new SlotOrder(this, 'minPrice'),
    };
    for (const order of Object.values(orders)) {
      order.build();
    }
    this.orders = orders;
  }

  /** After a bulk load: gives back what the posting lists reserved. */
  trim(): void {
    for (const posting of [...this.keys.values(), ...this.trigrams.values()]) {
      posting.trim();
    }
    for (const posting of this.allFilterLists()) {
      posting.trim();
    }
  }

  /** Every filter list with its name (`county:360722`, `category:citrus`, …). */
  filterEntries(): [string, Posting][] {
    return (Object.entries(this.filterLists) as [FilterKind, Posting[]][]).flatMap(([kind, lists]) =>
      lists.flatMap((list, id): [string, Posting][] =>
        list ? [[`${kind}:${this.dictionary(kind).names[id]}`, list]] : [],
      ),
    );
  }

  private allFilterLists(): Posting[] {
    return Object.values(this.filterLists).flatMap((lists) => lists.filter(Boolean));
  }

  get size(): number {
    return this.slotTable.size;
  }

  /** Free slots (of removed documents) not yet taken again. */
  get dead(): number {
    return this.free.length;
  }

  /** Bytes of the posting lists, of the typed columns and of the sort orders. */
  bytes(): { postings: number; columns: number; orders: number } {
    let postings = 0;
    for (const posting of [...this.keys.values(), ...this.trigrams.values()]) {
      postings += posting.bytes;
    }
    for (const posting of this.allFilterLists()) {
      postings += posting.bytes;
    }
    const columns = [
      this.ids,
      this.alive,
      this.county,
      this.path,
      this.direction,
      this.temperature,
      this.certifications,
      this.seller,
      this.minPrice,
      this.maxPrice,
      this.sales,
      this.published,
      this.staticPoints,
      this.morePrices,
      this.priceAt,
      this.pricePool,
      this.titleLength,
      this.village,
      this.certificationSet,
      this.facetCombo,
    ].reduce((sum, column) => sum + column.byteLength, this.slotTable.bytes);
    const orders = Object.values(this.orders ?? {}).reduce((sum, order) => sum + order.slots.byteLength, 0);
    return { postings, columns, orders };
  }

  /** Compares the listing ids of two slots (negative: a's is lower). */
  compareIds(a: number, b: number): number {
    const ids = this.ids;
    for (let word = 0; word < 4; word++) {
      const x = ids[a * 4 + word];
      const y = ids[b * 4 + word];
      if (x !== y) {
        return x < y ? -1 : 1;
      }
    }
    return 0;
  }

  /** Compares a slot's listing id with an id given as words. */
  compareIdTo(slot: number, words: number[]): number {
    const ids = this.ids;
    for (let word = 0; word < 4; word++) {
      const x = ids[slot * 4 + word];
      if (x !== words[word]) {
        return x < words[word] ? -1 : 1;
      }
    }
    return 0;
  }

  /** Keeps a listing's prices in the pool (all of them: it has more than its cheapest and dearest). */
  private keepPrices(slot: number, prices: number[]): void {
    if (this.priceUsed + prices.length > this.pricePool.length) {
      const live = this.priceUsed - this.priceGarbage;
      const pool = new Int32Array(Math.max(1024, (live + prices.length) * 2));
      let used = 0;
      for (let other = 0; other < this.count; other++) {
        const count = this.morePrices[other];
        if (count > 0) {
          pool.set(this.pricePool.subarray(this.priceAt[other], this.priceAt[other] + count), used);
          this.priceAt[other] = used;
          used += count;
        }
      }
      this.pricePool = pool;
      this.priceUsed = used;
      this.priceGarbage = 0;
    }
    this.pricePool.set(prices, this.priceUsed);
    this.priceAt[slot] = this.priceUsed;
    this.morePrices[slot] = prices.length;
    this.priceUsed += prices.length;
  }

  /** Whether some price of the slot's listing lies in [low, high]. */
  priceIn(slot: number, low: number, high: number): boolean {
    const min = this.minPrice[slot];
    const max = this.maxPrice[slot];
    if ((min >= low && min <= high) || (max >= low && max <= high)) {
      return true;
    }
    const count = this.morePrices[slot];
    for (let at = this.priceAt[slot], end = at + count; at < end; at++) {
      const price = this.pricePool[at];
      if (price >= low && price <= high) {
        return true;
      }
    }
    return false;
  }

  /** The folded title of a slot's document. */
  title(slot: number): string {
    const length = this.titleLength[slot];
    return length === TITLE_APART ? this.titlesApart.get(slot)! : this.texts[slot].slice(0, length);
  }

  /**
   * What a result shows of a slot's listing, as SearchRepository.summaries reads it from PostgreSQL (without the sort
   * value): every change that could alter it re-reads the document, so the page needs no read of its own.
   */
  summary(slot: number): Omit<ListingSummaryRow, 'sort_value'> {
    const seller = this.seller[slot];
    const pathIds = this.pathIds[this.path[slot]];
    const village = this.village[slot];
    return {
      listing_id: this.listingId(slot),
      title: this.titlesShown.get(slot) ?? this.title(slot),
      cover_image: this.covers[slot],
      seller_org_id: this.sellers.names[seller],
      seller_name: this.sellerNames[seller],
      rating_average: this.sellerRatings[seller],
      rating_count: this.sellerRatingCounts[seller],
      county_code: this.counties.names[this.county[slot]],
      category_id: pathIds[pathIds.length - 1],
      direction: this.directions.names[this.direction[slot]] as FlowDirection,
      temperature_class: this.temperatures.names[this.temperature[slot]] as TemperatureClass,
      certifications: [...this.certificationLists[this.certificationSet[slot]]],
      origin_village_code: village === 0 ? null : this.villages.names[village - 1],
      min_price_fen: this.minPrice[slot],
      max_price_fen: this.maxPrice[slot],
      sales_count: this.sales[slot],
      published_at: new Date(Math.floor(this.published[slot] / 1000)),
    };
  }

  /** The certifications of one of `certificationSets`, each once. */
  certificationsOf(set: number): string[] {
    const names: string[] = [];
    for (let bit = 0, mask = this.certificationMasks[set]; mask !== 0; bit++, mask >>>= 1) {
      if (mask & 1) {
        names.push(this.certificationNames.names[bit]);
      }
    }
    return names;
  }

  /** Whether the folded title of a slot's document holds `needle`. */
  titleHas(slot: number, needle: string): boolean {
    const length = this.titleLength[slot];
    if (length === TITLE_APART) {
      return this.titlesApart.get(slot)!.includes(needle);
    }
    // the first place the text holds it: in the title if anywhere there
    const at = this.texts[slot].indexOf(needle);
    return at >= 0 && at + needle.length <= length;
  }
}

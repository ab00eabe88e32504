import { Posting } from './postings';
import { textKeys } from './search-query';
import { documentKeys } from './search-text';

/** A row of listing_search as the in-process index loads it (memory-search.engine.ts, DOCUMENT_SELECT). */
export interface DocumentRow {
  listing_id: string;
  seller_org_id: string;
  county_code: string;
  category_ids: string[];
  direction: string;
  temperature_class: string;
  certifications: string[];
  min_price_fen: number;
  max_price_fen: number;
  prices: number[];
  sales_count: number;
  /** published_at in microseconds since 1970, as text (a bigint). */
  published_micros: string;
  /** The relevance points that do not change with time: sales, the seller's rating, the title's length. */
  static_points: number;
  title_norm: string;
  search_text: string;
  pinyin: string;
  initials: string;
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

/**
 * The search documents of every public listing, held in this process: per-document columns in typed arrays (for
 * filters, facets, sorts and cursors), the texts the exact tests read, and a {@link Posting} list per index key —
 * the same keys the key index of listing_search holds (textKeys of the text, then the pinyin and initials keys) —
 * and per filter value (county, category and each of its ancestors, direction, temperature class, certification).
 * A changed document takes a new slot and its old slot is marked dead; a restart rebuilds the index compactly.
 */
export class MemoryIndex {
  /** Slots used (live and dead). */
  count = 0;
  dead = 0;
  private capacity = 0;
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
  /** 1 when the listing has prices besides its cheapest and dearest (in `otherPrices`). */
  morePrices = new Uint8Array(0);
  /** Prices of listings with more than two distinct ones (the rest are their minimum and maximum). */
  readonly otherPrices = new Map<number, Int32Array>();
  titles: string[] = [];
  texts: string[] = [];
  pinyins: string[] = [];
  initials: string[] = [];
  listingIds: string[] = [];
  readonly slotOf = new Map<string, number>();
  readonly keys = new Map<number, Posting>();
  readonly filters = new Map<string, Posting>();
  readonly counties = new Dictionary();
  /** Category paths (category_ids joined by '/'); `pathIds` holds each one's ids, root first. */
  readonly paths = new Dictionary();
  readonly pathIds: string[][] = [];
  readonly directions = new Dictionary();
  readonly temperatures = new Dictionary();
  readonly certificationNames = new Dictionary();
  readonly sellers = new Dictionary();

  constructor(expected = 1024) {
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
    this.morePrices = copy(this.morePrices, new Uint8Array(capacity));
    this.capacity = capacity;
  }

  private filter(name: string): Posting {
    let posting = this.filters.get(name);
    if (!posting) {
      posting = new Posting();
      this.filters.set(name, posting);
    }
    return posting;
  }

  /** Adds (or replaces) a document. */
  put(row: DocumentRow): void {
    this.remove(row.listing_id);
    if (this.count === this.capacity) {
      this.grow(this.capacity * 2);
    }
    const slot = this.count++;
    this.slotOf.set(row.listing_id, slot);
    this.listingIds[slot] = row.listing_id;
    this.ids.set(uuidWords(row.listing_id), slot * 4);
    this.alive[slot] = 1;
    this.county[slot] = this.counties.id(row.county_code);
    const pathName = row.category_ids.join('/');
    const path = this.paths.id(pathName);
    this.pathIds[path] ??= row.category_ids;
    this.path[slot] = path;
    this.direction[slot] = this.directions.id(row.direction);
    this.temperature[slot] = this.temperatures.id(row.temperature_class);
    let certifications = 0;
    for (const name of row.certifications) {
      certifications |= 1 << this.certificationNames.id(name);
      this.filter(`cert:${name}`).add(slot);
    }
    this.certifications[slot] = certifications;
    this.seller[slot] = this.sellers.id(row.seller_org_id);
    this.minPrice[slot] = row.min_price_fen;
    this.maxPrice[slot] = row.max_price_fen;
    if (row.prices.some((price) => price !== row.min_price_fen && price !== row.max_price_fen)) {
      this.otherPrices.set(slot, Int32Array.from(row.prices));
      this.morePrices[slot] = 1;
    }
    this.sales[slot] = row.sales_count;
    this.published[slot] = Number(row.published_micros);
    this.staticPoints[slot] = row.static_points;
    this.titles[slot] = row.title_norm;
    this.texts[slot] = row.search_text;
    this.pinyins[slot] = row.pinyin;
    this.initials[slot] = row.initials;
    this.filter(`county:${row.county_code}`).add(slot);
    for (const category of row.category_ids) {
      this.filter(`cat:${category}`).add(slot);
    }
    this.filter(`dir:${row.direction}`).add(slot);
    this.filter(`temp:${row.temperature_class}`).add(slot);
    // the keys the repository stores in search_keys (deriveDocuments): the text's, then pinyin and initials
    for (const key of textKeys(row.search_text)) {
      this.key(key).add(slot);
    }
    for (const key of documentKeys(row.pinyin, row.initials)) {
      this.key(key).add(slot);
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

  /** Marks a listing's document dead (it stays in the postings until a rebuild; every search skips it). */
  remove(listingId: string): void {
    const slot = this.slotOf.get(listingId);
    if (slot === undefined) {
      return;
    }
    this.slotOf.delete(listingId);
    this.alive[slot] = 0;
    this.dead++;
    this.titles[slot] = this.texts[slot] = this.pinyins[slot] = this.initials[slot] = '';
    this.otherPrices.delete(slot);
  }

  /** After a bulk load: gives back what the posting lists reserved. */
  trim(): void {
    for (const posting of this.keys.values()) {
      posting.trim();
    }
    for (const posting of this.filters.values()) {
      posting.trim();
    }
  }

  get size(): number {
    return this.count - this.dead;
  }

  /** Bytes of the posting lists and of the typed columns. */
  bytes(): { postings: number; columns: number } {
    let postings = 0;
    for (const posting of this.keys.values()) {
      postings += posting.bytes;
    }
    for (const posting of this.filters.values()) {
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
    ].reduce((sum, column) => sum + column.byteLength, 0);
    return { postings, columns };
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

  /** Whether some price of the slot's listing lies in [low, high]. */
  priceIn(slot: number, low: number, high: number): boolean {
    const min = this.minPrice[slot];
    const max = this.maxPrice[slot];
    if ((min >= low && min <= high) || (max >= low && max <= high)) {
      return true;
    }
    if (this.morePrices[slot] === 0) {
      return false; // a map lookup per listing cost more than the rest of the search
    }
    const others = this.otherPrices.get(slot)!;
    return others.some((price) => price >= low && price <= high);
  }
}

import { databaseUrlFor, LOGGER } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { CatalogConfig } from '../catalog.config';
import { DocumentRow, FilterKind, MemoryIndex, uuidWords } from './memory-index';
import { differenceSorted, intersect, intersectSorted, mergeSorted, Posting, sortedHas, unionSorted } from './postings';
import { DocumentChange, SEARCH_CHANNEL, SearchChanges } from './search-changes';
import { Alternative } from './search-match';
import { SearchSort } from './search-query';
import { SearchEngine } from './search.port';
import {
  FacetCounts,
  PRICE_BANDS,
  SearchPage,
  SearchPageRequest,
  SearchRepository,
  TEXT_POINTS,
  TITLE_POINTS,
} from './search.repository';

/**
 * Documents as the index loads them, from `documents` (a subquery of listing_search choosing them): the columns of
 * listing_search, with the relevance points that do not change with time computed by PostgreSQL exactly as
 * SearchRepository's score computes them, and what a result shows of the listing and its seller (as
 * SearchRepository.summaries reads it), so that a page needs no read of its own. The documents are chosen before the
 * join: joined first, a page of the load walked the listing table from its start (a merge join, 48 s a page).
 */
const documentSelect = (documents: string) => `SELECT ls.listing_id, ls.seller_org_id, ls.county_code,
       array_to_string(ls.category_ids, '/') AS category_path, ls.direction, ls.temperature_class,
       array_to_string(ls.certifications, ',') AS certifications, ls.min_price_fen, ls.max_price_fen,
       CASE WHEN cardinality(ls.prices) > 2 THEN array_to_string(ls.prices, ',') END AS more_prices, ls.sales_count,
       (extract(epoch FROM ls.published_at) * 1000000)::bigint::text AS published_micros,
       (least(20, floor(ln(1 + ls.sales_count) * 3))::int
         + coalesce(greatest(0, least(10, round((ls.seller_rating - 3) * 5))), 0)::int
         + (10 - least(char_length(ls.title_norm) / 6, 10)))::int AS static_points,
       ls.title_norm, ls.search_text, ls.pinyin, ls.initials,
       l.title, l.images[1] AS cover_image, l.origin_village_code,
       se.name AS seller_name, se.rating_average, se.rating_count
  FROM ${documents} ls
  JOIN listing l ON l.id = ls.listing_id
  JOIN seller se ON se.org_id = ls.seller_org_id`;

/** Documents read per statement while the index loads (keyset pages in listing id order). */
const LOAD_BATCH = 5_000;

/** Sorted by: what, and which way. */
const DESCENDING: Record<SearchSort, boolean> = {
  [SearchSort.Relevance]: true,
  [SearchSort.PriceAsc]: false,
  [SearchSort.PriceDesc]: true,
  [SearchSort.Sales]: true,
  [SearchSort.Newest]: true,
};

// freshness: 15 points for a listing published now, one fewer every four days (SearchRepository's STATIC_POINTS)
const FRESHNESS_STEP_MICROS = 345_600 * 1_000_000;

export interface IndexFigures {
  documents: number;
  /** Slots in use (documents and free ones). */
  slots: number;
  /** Free slots: of removed documents, for the next new ones. */
  deadSlots: number;
  keys: number;
  postingBytes: number;
  columnBytes: number;
  /** The three sort orders a browse walks. */
  orderBytes: number;
  loadMs: number;
  /** CPU time this process spent on the load (all its threads: indexing, parsing rows, collecting garbage). */
  loadCpuMs: number;
}

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** The exact tests of one way to match a word, prepared once per search. */
interface PreparedAlternative {
  alternative: Alternative;
  like?: RegExp;
  /** The lists of its keys, shortest first; null when some key is in no document. */
  postings: Posting[] | null;
  /** The slots that hold its keys and pass its tests (among those the search still considers), sorted. */
  matches: Uint32Array;
  /**
   * False when another way of the same word finds every listing this one finds (its needles lie within this one's:
   * 赣南脐橙 within the segments 赣南 + 脐橙, 土猪肉 within 猪肉): the word's matches need not test this one, and
   * its points are tested on the few listings scored.
   */
  resolved: boolean;
}

/** A listing's published_at as SearchRepository's cursor spells it (microseconds, UTC). */
export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = String(micros - millis * 1000).padStart(3, '0');
  return new Date(millis).toISOString().replace('Z', `${rest}Z`);
}

function parseMicros(value: string): number {
  const [whole, fraction = ''] = value.replace('Z', '').split('.');
  return Date.parse(`${whole}Z`) * 1000 + Number(fraction.padEnd(6, '0'));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A LIKE pattern of the form '%…%' with '_' for one character, as a regular expression. */
function likePattern(like: string): RegExp {
  const inner = like.replace(/^%/, '').replace(/%$/, '');
  return new RegExp([...inner].map((char) => (char === '_' ? '.' : escapeRegExp(char))).join(''), 'u');
}

/** Characters of the basic plane, none a space or in the private-use ranges that pinyin and initials keys take. */
function plain(text: string): boolean {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 32 || (code >= 0xd800 && code <= 0xdfff) || (code >= 0xe000 && code <= 0xfaff)) {
      return false;
    }
  }
  return true;
}

/** Whether holding an alternative's keys already proves its tests: every needle one or two plain characters. */
function keysProveTests(alternative: Alternative): boolean {
  if (alternative.like) {
    return false;
  }
  if (alternative.text && !alternative.text.every((needle) => needle.length <= 2 && plain(needle))) {
    return false;
  }
  // one or two syllables have keys of their own, as have two or three initials
  if (alternative.pinyin && alternative.pinyin.trim().split(' ').length > 2) {
    return false;
  }
  return !alternative.initials || alternative.initials.length <= 3;
}

/**
 * Search served from an in-process index (SEARCH_ENGINE=memory, the default): every public listing's document
 * loaded at boot from listing_search, kept current by the changes catalog commits (SearchChanges: this process's
 * own right after the commit, other replicas' by LISTEN/NOTIFY), and searched with the same matching, filters,
 * relevance points, sorts and cursors as {@link SearchRepository} — which stays the source of truth, and the
 * engine behind SEARCH_ENGINE=postgres. Facets count every match exactly. docs/catalog.md ("In-process index").
 */
@Injectable()
export class MemorySearchEngine
  implements SearchEngine, OnApplicationBootstrap, OnApplicationShutdown, EntitySubscriberInterface
{
  private index = new MemoryIndex();
  private figures: IndexFigures | undefined;
  private listener: Client | undefined;
  private stopped = false;
  private booted = false;
  /** While the index loads: the changes heard meanwhile, to apply again to the new index. */
  private missed: DocumentChange[] | undefined;
  /** Changes are applied one after another, in the order they were heard. */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: TransactionalConnection,
    private readonly repository: SearchRepository,
    private readonly changes: SearchChanges,
    private readonly config: CatalogConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Whether this process keeps the index: with SEARCH_ENGINE=memory, except in a worker process, which serves no
   * searches (kernel's http-app refuses them) and so loads no index; its commits still send their notices.
   */
  get enabled(): boolean {
    return this.config.searchEngine === 'memory' && this.config.serviceRole !== 'worker';
  }

  async onApplicationBootstrap(): Promise<void> {
    // Nest calls this once per token the instance is provided under (MemorySearchEngine and, through the factory,
    // SearchEngine): without the flag the index loaded twice, subscribed twice and held two LISTEN connections
    if (!this.enabled || this.booted) {
      return;
    }
    this.booted = true;
    this.changes.listen({ applyCommitted: (change, query) => this.apply(change, query) });
    this.dataSource.subscribers.push(this);
    // listening first: a change committed while the index loads is applied after it
    await this.listen();
    await this.reload();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
    await this.applying.catch(() => undefined);
  }

  afterTransactionCommit(event: { queryRunner: QueryRunner }): Promise<void> {
    return this.changes.committed(event.queryRunner);
  }

  afterTransactionRollback(event: { queryRunner: QueryRunner }): void {
    this.changes.rolledBack(event.queryRunner);
  }

  /** The index's size and how long its last load took (for the bench). */
  stats(): IndexFigures | undefined {
    return (
      this.figures && {
        ...this.figures,
        documents: this.index.size,
        slots: this.index.count,
        deadSlots: this.index.dead,
      }
    );
  }

  /**
   * Rebuilds the index from listing_search, streaming it in keyset pages, and then serves from the new one. Changes
   * heard meanwhile go on into the old index (a commit never waits for a load) and are applied again to the new one.
   */
  async reload(): Promise<void> {
    if (this.missed) {
      return; // a load is already under way
    }
    this.missed = [];
    try {
      const started = Date.now();
      const cpu = process.cpuUsage();
      const [{ estimate }] = await this.db.manager.query<{ estimate: number }[]>(
        `SELECT greatest(reltuples, 0)::int AS estimate FROM pg_class WHERE oid = 'listing_search'::regclass`,
      );
      const index = new MemoryIndex(Math.ceil(estimate * 1.05) + 1024);
      const read = (after: string) =>
        this.db.manager.query<DocumentRow[]>(
          `${documentSelect(
            `(SELECT * FROM listing_search WHERE listing_id > $1 ORDER BY listing_id LIMIT ${LOAD_BATCH})`,
          )} ORDER BY ls.listing_id`,
          [after],
        );
      // the database reads the next page while Node indexes this one
      let rows = await read('00000000-0000-0000-0000-000000000000');
      while (rows.length > 0) {
        const next = rows.length === LOAD_BATCH ? read(rows[rows.length - 1].listing_id) : Promise.resolve([]);
        for (const row of rows) {
          index.put(row);
        }
        rows = await next;
      }
      index.trim();
      index.buildOrders();
      const missed = this.missed;
      this.index = index;
      this.missed = undefined;
      await this.apply(
        {
          listingIds: missed.flatMap((change) => change.listingIds),
          sellerOrgIds: missed.flatMap((change) => change.sellerOrgIds),
        },
        (sql, params) => this.db.manager.query(sql, params),
      );
      const bytes = index.bytes();
      const used = process.cpuUsage(cpu);
      this.figures = {
        documents: index.size,
        slots: index.count,
        deadSlots: index.dead,
        keys: index.keys.size,
        postingBytes: bytes.postings,
        columnBytes: bytes.columns,
        orderBytes: bytes.orders,
        loadMs: Date.now() - started,
        loadCpuMs: Math.round((used.user + used.system) / 1000),
      };
      this.logger.info({ ...this.figures }, 'search index loaded');
    } finally {
      this.missed = undefined;
    }
  }

  /** Whatever the documents of a change are now: re-read and put, or dropped when no longer public. */
  private apply(change: DocumentChange, query: Query): Promise<void> {
    this.missed?.push(change);
    const run = this.applying.then(async () => {
      if (change.listingIds.length === 0 && change.sellerOrgIds.length === 0) {
        return;
      }
      const rows = (await query(
        documentSelect(
          `(SELECT * FROM listing_search WHERE listing_id = ANY ($1::uuid[]) OR seller_org_id = ANY ($2::uuid[]))`,
        ),
        [change.listingIds, change.sellerOrgIds],
      )) as DocumentRow[];
      // a changed document keeps its slot; one no longer public gives its slot back
      const present = new Set(rows.map((row) => row.listing_id));
      for (const id of change.listingIds) {
        if (!present.has(id)) {
          this.index.remove(id);
        }
      }
      for (const row of rows) {
        this.index.put(row);
      }
    });
    this.applying = run.catch((error: unknown) => this.logger.error({ err: error }, 'search index change failed'));
    return run;
  }

  /** Connects the listening connection; true once it listens (false: it failed, and tries again in a second). */
  private async listen(): Promise<boolean> {
    if (this.stopped) {
      return false;
    }
    const client = new Client({
      connectionString: databaseUrlFor(this.config.databaseDirectUrl, 'catalog'),
      application_name: 'catalog-search',
    });
    this.listener = client;
    let lost = false;
    const reconnect = () => {
      if (lost) {
        return;
      }
      lost = true;
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (!this.stopped) {
        // changes made while nobody listened are unknown: reconnect, then load everything again — once listening
        // again, not after every attempt (a listener that could not connect had the index reload without end,
        // each load's batches holding up every search for a quarter of a second)
        setTimeout(
          () =>
            void this.listen()
              .then((listening) => (listening ? this.reload() : undefined))
              .catch(() => undefined),
          1000,
        ).unref();
      }
    };
    client.on('error', reconnect);
    client.on('notification', (message) => {
      const change = message.payload ? this.changes.parse(message.payload) : null;
      if (change) {
        // read on this listening connection, not the pool: a committed request holds its pool connection until its
        // own change is applied, in turn after this one; reading through the pool here let such requests take every
        // connection and wait for this read, which waited for a connection (5 s timeouts with two catalog replicas)
        void this.apply(change, async (sql, params) => (await client.query<DocumentRow>(sql, params)).rows).catch(
          () => undefined,
        );
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SEARCH_CHANNEL}`);
      client.on('end', reconnect);
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, 'search index cannot listen for changes yet');
      reconnect();
      return false;
    }
  }

  /** Documents are kept by the repository in the change's transaction; SearchChanges tells this index. */
  refresh(manager: EntityManager, listingIds: string[]): Promise<void> {
    return this.repository.refresh(manager, listingIds);
  }

  search(request: SearchPageRequest): Promise<SearchPage> {
    return Promise.resolve(this.searchIndex(this.index, request));
  }

  /** A search from start to page, in one go: no change can be applied to the index meanwhile. */
  private searchIndex(index: MemoryIndex, request: SearchPageRequest): SearchPage {
    const terms = request.match
      .filter((term) => term.alternatives.length > 0)
      .map((term) => term.alternatives.map((alternative) => this.prepare(index, alternative)));
    // the filters that have lists of their own
    const lists: Posting[] = [];
    const listed = (kind: FilterKind, name: string) => lists.push(index.filterList(kind, name) ?? new Posting());
    if (request.countyCode) {
      listed('county', request.countyCode);
    }
    if (request.categoryId) {
      listed('category', request.categoryId);
    }
    if (request.direction) {
      listed('direction', request.direction);
    }
    if (request.temperatureClass) {
      listed('temperature', request.temperatureClass);
    }
    for (const certification of request.certifications ?? []) {
      listed('certification', certification);
    }
    if (request.sellerOrgId) {
      listed('seller', request.sellerOrgId);
    }
    lists.sort((a, b) => a.size - b.size);
    if (terms.length === 0 && request.sort !== SearchSort.Relevance && !request.facets) {
      const walked = this.walk(index, request, lists);
      if (walked) {
        return this.summarise(index, request, walked, null);
      }
    }
    // the words, narrowest first: each word's ways are tested only on what the words before it left
    const words = terms
      .map((alternatives) => ({
        alternatives,
        size: alternatives.reduce((sum, { postings }) => sum + (postings ? postings[0].size : 0), 0),
      }))
      .sort((a, b) => a.size - b.size);
    let matches: Uint32Array | null = null;
    let filtered = false;
    if (lists.length > 0 && (words.length === 0 || lists[0].size < words[0].size)) {
      matches = intersect(lists[0].toArray(), lists.slice(1));
      filtered = true;
    }
    for (const { alternatives } of words) {
      markCovered(alternatives);
      for (const prepared of alternatives) {
        if (prepared.resolved) {
          this.resolve(index, prepared, matches);
        }
      }
      matches = unionSorted(alternatives.filter((prepared) => prepared.resolved).map((prepared) => prepared.matches));
    }
    if (!matches) {
      matches = new Uint32Array(index.count);
      for (let slot = 0; slot < matches.length; slot++) {
        matches[slot] = slot;
      }
    } else if (!filtered) {
      matches = intersect(matches, lists);
    }
    return this.page(index, request, terms, matches);
  }

  private prepare(index: MemoryIndex, alternative: Alternative): PreparedAlternative {
    const like = alternative.like ? likePattern(alternative.like) : undefined;
    const postings: Posting[] = [];
    for (const key of alternative.keys) {
      const posting = index.keys.get(key);
      if (!posting) {
        return { alternative, like, postings: null, matches: new Uint32Array(0), resolved: true };
      }
      postings.push(posting);
    }
    postings.sort((a, b) => a.size - b.size);
    return { alternative, like, postings, matches: new Uint32Array(0), resolved: true };
  }

  /** The listings among `within` (all when null) that hold an alternative's keys and pass its tests. */
  private resolve(index: MemoryIndex, prepared: PreparedAlternative, within: Uint32Array | null): void {
    const { alternative, like, postings } = prepared;
    if (!postings) {
      return;
    }
    let slots: Uint32Array;
    if (within && within.length <= postings[0].size) {
      slots = intersect(within, postings);
    } else {
      slots = intersect(postings[0].toArray(), postings.slice(1));
      if (within) {
        slots = intersectSorted(slots, within);
      }
    }
    if (!keysProveTests(alternative)) {
      // the candidates whose titles hold every three-character needle pass (their shorter needles the keys prove);
      // only the others are read and tested
      const lists = titleLists(index, alternative);
      const proven = lists ? intersect(slots, lists) : new Uint32Array(0);
      const unproven = lists ? differenceSorted(slots, proven) : slots;
      const kept = new Uint32Array(unproven.length);
      let count = 0;
      for (let at = 0; at < unproven.length; at++) {
        if (this.passes(index, alternative, like, unproven[at], false)) {
          kept[count++] = unproven[at];
        }
      }
      slots = mergeSorted(proven, kept.subarray(0, count));
    }
    prepared.matches = slots;
  }

  /** SearchRepository's tests of an alternative, on the listing's whole text or on its title only. */
  private passes(index: MemoryIndex, alternative: Alternative, like: RegExp | undefined, slot: number, title: boolean) {
    const text = index.texts[slot];
    // a loop, not `every` with a closure: this runs for every candidate of a word that its keys do not prove
    for (const needle of alternative.text ?? []) {
      if (!(title ? index.titleHas(slot, needle) : text.includes(needle))) {
        return false;
      }
    }
    return (
      (!like || like.test(title ? index.title(slot) : text)) &&
      // pinyin and initials are the title's own
      (!alternative.pinyin || index.pinyins[slot].includes(alternative.pinyin)) &&
      (!alternative.initials || index.initials[slot].includes(alternative.initials))
    );
  }

  /** A word's points for a listing: the best of its ways (SearchRepository's TITLE_POINTS and TEXT_POINTS). */
  private termPoints(index: MemoryIndex, alternatives: PreparedAlternative[], slot: number): number {
    let best = 0;
    for (const { alternative, like, matches, resolved } of alternatives) {
      const title = TITLE_POINTS[alternative.kind];
      if (title <= best) {
        continue;
      }
      if (this.passes(index, alternative, like, slot, true)) {
        best = title;
        continue;
      }
      const elsewhere = TEXT_POINTS[alternative.kind] ?? 0;
      if (
        elsewhere > best &&
        (alternative.kind === 'fuzzy' ||
          (resolved ? sortedHas(matches, slot) : this.passes(index, alternative, like, slot, false)))
      ) {
        best = elsewhere;
      }
    }
    return best;
  }

  /**
   * The page (top `limit + 1` after the cursor, by a heap) and the facets (every match counted), in one pass over
   * the matches; relevance is scored only for a match whose best possible score could still enter the heap.
   */
  private page(
    index: MemoryIndex,
    request: SearchPageRequest,
    terms: PreparedAlternative[][],
    matches: Uint32Array,
  ): SearchPage {
    const descending = DESCENDING[request.sort];
    const relevance = request.sort === SearchSort.Relevance;
    const now = Date.now() * 1000;
    const bestText = terms.reduce(
      (sum, alternatives) => sum + Math.max(...alternatives.map(({ alternative }) => TITLE_POINTS[alternative.kind])),
      0,
    );
    const column =
      request.sort === SearchSort.Sales
        ? index.sales
        : request.sort === SearchSort.Newest
          ? index.published
          : index.minPrice;
    const scored = relevance && terms.length > 0;
    const after = request.after && {
      value: request.sort === SearchSort.Newest ? parseMicros(request.after.value) : Number(request.after.value),
      id: uuidWords(request.after.id),
    };
    // a before b in the sort's order
    const before = (aValue: number, a: number, bValue: number, b: number) =>
      aValue !== bValue ? descending === aValue > bValue : descending === index.compareIds(a, b) > 0;
    const k = request.limit + 1;
    const heapSlots: number[] = [];
    const heapValues: number[] = [];
    // the heap's top is the last of the best k so far
    const siftDown = (at: number) => {
      for (;;) {
        const left = at * 2 + 1;
        const right = left + 1;
        let last = at;
        if (left < heapSlots.length && before(heapValues[last], heapSlots[last], heapValues[left], heapSlots[left])) {
          last = left;
        }
        if (
          right < heapSlots.length &&
          before(heapValues[last], heapSlots[last], heapValues[right], heapSlots[right])
        ) {
          last = right;
        }
        if (last === at) {
          return;
        }
        [heapSlots[at], heapSlots[last]] = [heapSlots[last], heapSlots[at]];
        [heapValues[at], heapValues[last]] = [heapValues[last], heapValues[at]];
        at = last;
      }
    };
    const siftUp = (at: number) => {
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!before(heapValues[parent], heapSlots[parent], heapValues[at], heapSlots[at])) {
          return;
        }
        [heapSlots[at], heapSlots[parent]] = [heapSlots[parent], heapSlots[at]];
        [heapValues[at], heapValues[parent]] = [heapValues[parent], heapValues[at]];
        at = parent;
      }
    };
    const slots = this.live(index, request, matches);
    const staticPoints = index.staticPoints;
    const published = index.published;
    // the most freshness points any listing has now (the newest one's; more than 15 if it was published after now)
    const newest = index.orders?.published;
    const freshest =
      newest && newest.size > 0
        ? Math.max(0, 15 - Math.floor((now - published[newest.slots[newest.size - 1]]) / FRESHNESS_STEP_MICROS))
        : Infinity;
    // columns and locals rather than closures: this loop runs once for every match (67,000 for 米 in a province)
    for (let at = 0; at < slots.length; at++) {
      const slot = slots[at];
      const full = heapSlots.length === k;
      let value: number;
      if (scored) {
        // not even the newest listing's freshness would take it into the heap: neither its date nor title is read
        if (full && staticPoints[slot] + freshest + bestText < heapValues[0]) {
          continue;
        }
        const fresh = 15 - Math.floor((now - published[slot]) / FRESHNESS_STEP_MICROS);
        value = staticPoints[slot] + (fresh > 0 ? fresh : 0);
        // the best this match could score cannot enter the heap (ties too, by id): not worth testing its title
        const best = value + bestText;
        if (full && (best < heapValues[0] || (best === heapValues[0] && !before(best, slot, best, heapSlots[0])))) {
          continue;
        }
        for (const alternatives of terms) {
          value += this.termPoints(index, alternatives, slot);
        }
      } else {
        value = relevance ? 0 : column[slot];
        if (full && (descending ? value < heapValues[0] : value > heapValues[0])) {
          continue;
        }
      }
      // after the cursor: further along the sort's order, or as far along and further by id
      if (after) {
        const along = value !== after.value ? value - after.value : index.compareIdTo(slot, after.id);
        if (descending ? along >= 0 : along <= 0) {
          continue;
        }
      }
      if (!full) {
        heapSlots.push(slot);
        heapValues.push(value);
        siftUp(heapSlots.length - 1);
      } else if (before(value, slot, heapValues[0], heapSlots[0])) {
        heapSlots[0] = slot;
        heapValues[0] = value;
        siftDown(0);
      }
    }
    const order = heapSlots
      .map((slot, at) => ({ slot, value: heapValues[at] }))
      .sort((a, b) => (before(a.value, a.slot, b.value, b.slot) ? -1 : 1));
    return this.summarise(index, request, order, request.facets ? countFacets(index, slots) : null);
  }

  /** The matches of live listings with some price in the request's range (the matches themselves when all are). */
  private live(index: MemoryIndex, request: SearchPageRequest, matches: Uint32Array): Uint32Array {
    const priced = request.minPriceFen !== undefined || request.maxPriceFen !== undefined;
    if (!priced && index.dead === 0) {
      return matches;
    }
    const low = request.minPriceFen ?? 0;
    const high = request.maxPriceFen ?? 2_147_483_647;
    const alive = index.alive;
    const kept = new Uint32Array(matches.length);
    let count = 0;
    for (let at = 0; at < matches.length; at++) {
      const slot = matches[at];
      if (alive[slot] === 1 && (!priced || index.priceIn(slot, low, high))) {
        kept[count++] = slot;
      }
    }
    return kept.subarray(0, count);
  }

  /**
   * A browse without words (and without facets) walked along its sort's order from the top, or from the cursor's
   * place, until the page is full: the listings in no filter list are skipped. Null when the filter lists are so
   * narrow that passing over the shortest costs less than the walk is expected to (the listings a page needs,
   * divided by the share of listings every list holds, were the lists independent), or when the walk went that far
   * without filling the page (lists that go together less often than that): then `page` passes over the shortest.
   */
  private walk(index: MemoryIndex, request: SearchPageRequest, lists: Posting[]): Ranked[] | null {
    if (!index.orders || index.size === 0) {
      return null;
    }
    const shortest = lists.length > 0 ? lists[0].size : index.size;
    let share = 1;
    for (const list of lists) {
      share *= list.size / index.size;
    }
    const k = request.limit + 1;
    if (share === 0 || k / share > shortest) {
      return null;
    }
    const order =
      request.sort === SearchSort.Newest
        ? index.orders.published
        : request.sort === SearchSort.Sales
          ? index.orders.sales
          : index.orders.minPrice;
    const column = index[order.column];
    const descending = DESCENDING[request.sort];
    const step = descending ? -1 : 1;
    let at = descending ? order.size - 1 : 0;
    if (request.after) {
      const value = request.sort === SearchSort.Newest ? parseMicros(request.after.value) : Number(request.after.value);
      const place = order.seek(value, uuidWords(request.after.id), !descending);
      at = descending ? place - 1 : place;
    }
    const low = request.minPriceFen ?? 0;
    const high = request.maxPriceFen ?? 2_147_483_647;
    const priced = request.minPriceFen !== undefined || request.maxPriceFen !== undefined;
    const slots = order.slots;
    const found: Ranked[] = [];
    let budget = shortest;
    outer: for (; at >= 0 && at < order.size; at += step) {
      if (--budget < 0) {
        return null;
      }
      const slot = slots[at];
      for (const list of lists) {
        if (!list.has(slot)) {
          continue outer;
        }
      }
      if (priced && !index.priceIn(slot, low, high)) {
        continue;
      }
      found.push({ slot, value: column[slot] });
      if (found.length === k) {
        break;
      }
    }
    return found;
  }

  /** The page's summaries, with each listing's sort value, from the index's own columns (no read). */
  private summarise(
    index: MemoryIndex,
    request: SearchPageRequest,
    order: Ranked[],
    facets: FacetCounts | null,
  ): SearchPage {
    return {
      rows: order.map(({ slot, value }) => ({
        ...index.summary(slot),
        sort_value: request.sort === SearchSort.Newest ? formatMicros(value) : String(value),
      })),
      facets,
    };
  }
}

/**
 * For a way whose needles are plain text of at most three characters (one or two the keys prove): the title lists
 * of its three-character needles (an empty list for a run no title holds). Undefined for any other way.
 */
function titleLists(index: MemoryIndex, alternative: Alternative): Posting[] | undefined {
  if (!alternative.text || alternative.like || alternative.pinyin || alternative.initials) {
    return undefined;
  }
  const lists: Posting[] = [];
  for (const needle of alternative.text) {
    if (needle.length > 3 || !plain(needle)) {
      return undefined;
    }
    if (needle.length === 3) {
      lists.push(index.trigramList(needle) ?? new Posting());
    }
  }
  return lists;
}

/** Whether every listing that `inner` finds holds `outer`'s text too: each of outer's needles within one of inner's. */
function covers(outer: Alternative, inner: Alternative): boolean {
  const plain = (alternative: Alternative) =>
    alternative.text !== undefined && !alternative.like && !alternative.pinyin && !alternative.initials;
  return (
    plain(outer) &&
    plain(inner) &&
    outer.text!.every((needle) => inner.text!.some((haystack) => haystack.includes(needle)))
  );
}

/**
 * Leaves unresolved each way of a word whose listings another way finds too, so that the word's matches (the union of
 * its ways) test only the others. Of ways that find the same listings, the first is kept.
 */
function markCovered(alternatives: PreparedAlternative[]): void {
  alternatives.forEach((prepared, at) => {
    prepared.resolved = !alternatives.some(
      (other, from) =>
        from !== at &&
        covers(other.alternative, prepared.alternative) &&
        (from < at || !covers(prepared.alternative, other.alternative)),
    );
  });
}

/** A listing of a page (its slot) and its sort value. */
interface Ranked {
  slot: number;
  value: number;
}

/**
 * The facets of the matches: every match counted by its county and its combination of the other facets' values
 * (two columns read per match), in tight loops over the columns, then named.
 */
function countFacets(index: MemoryIndex, slots: Uint32Array): FacetCounts {
  const county = new Uint32Array(index.counties.names.length);
  const combos = new Uint32Array(index.facetCombos.length);
  const countyOf = index.county;
  const comboOf = index.facetCombo;
  for (let at = 0; at < slots.length; at++) {
    const slot = slots[at];
    county[countyOf[slot]]++;
    combos[comboOf[slot]]++;
  }
  const path = new Uint32Array(index.paths.names.length);
  const temperature = new Uint32Array(index.temperatures.names.length);
  const sets = new Uint32Array(index.certificationSets.names.length);
  const band = new Uint32Array(PRICE_BANDS.length);
  combos.forEach((count, combo) => {
    if (count > 0) {
      const values = index.facetCombos[combo];
      path[values.path] += count;
      temperature[values.temperature] += count;
      sets[values.certificationSet] += count;
      if (values.band >= 0) {
        band[values.band] += count;
      }
    }
  });
  const named = (counts: Uint32Array, name: (position: number) => string[]) => {
    const out: Record<string, number> = {};
    counts.forEach((count, position) => {
      if (count > 0) {
        for (const key of name(position)) {
          out[key] = (out[key] ?? 0) + count;
        }
      }
    });
    return out;
  };
  return {
    total: slots.length,
    exact: true,
    category: named(path, (position) => index.pathIds[position].slice(-1)),
    county: named(county, (position) => [index.counties.names[position]]),
    // a listing counts once for each certification it holds
    certification: named(sets, (position) => index.certificationsOf(position)),
    temperatureClass: named(temperature, (position) => [index.temperatures.names[position]]),
    priceBand: named(band, (position) => {
      const [from, to] = PRICE_BANDS[position];
      return [`${from}-${to ?? ''}`];
    }),
  };
}

import { DocumentRow, MemoryIndex, OrderName } from './memory-index';
import { textKeys } from './search-query';
import { documentKeys, spell } from './search-text';

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['赣南脐橙', '寻乌蜜桔', '富硒大米', '明前绿茶', '百花蜂蜜', '土鸡蛋', '香菇', '复合肥'];
const CERTIFICATIONS = ['organic', 'green_food', 'geographical_indication'];

/** Each generated document's prices (the row holds them only when there are more than two). */
const pricesOf = new Map<DocumentRow, number[]>();
/** Each seller's rating as its latest document has it (a review changes every document of the seller). */
const ratingOf = new Map<string, [string | null, number]>();

function row(id: number, next: () => number): DocumentRow {
  const title = `${WORDS[Math.floor(next() * WORDS.length)]} ${Math.floor(next() * 10)}斤装`;
  const { pinyin, initials } = spell(title);
  const low = 1000 + Math.floor(next() * 9000);
  const prices = next() < 0.3 ? [low, low + 500, low + 900] : [low, low + 700];
  const seller = Math.floor(next() * 5);
  const rating: [string | null, number] = next() < 0.2 ? [null, 0] : [(3 + next() * 2).toFixed(2), seller * 7];
  const county = String(360722 + Math.floor(next() * 3));
  const document: DocumentRow = {
    listing_id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    seller_org_id: `10000000-0000-4000-8000-${String(seller).padStart(12, '0')}`,
    county_code: county,
    category_path: next() < 0.5 ? 'fruit/citrus' : 'grain/rice',
    direction: next() < 0.5 ? 'up' : 'down',
    temperature_class: next() < 0.5 ? 'ambient' : 'chilled',
    certifications: CERTIFICATIONS.filter(() => next() < 0.3).join(','),
    min_price_fen: low,
    max_price_fen: prices[prices.length - 1],
    more_prices: prices.length > 2 ? prices.join(',') : null,
    sales_count: Math.floor(next() * 50),
    published_micros: String(1_700_000_000_000_000 + Math.floor(next() * 1000) * 1_000_000),
    static_points: Math.floor(next() * 30),
    title_norm: title,
    search_text: `${title} 合作社统一种植 ${next() < 0.5 ? '冷链配送' : '包邮'}`,
    pinyin,
    initials,
    // as the seller typed it: folding turns 裝 into 装
    title: next() < 0.3 ? title.replace('装', '裝') : title,
    cover_image: next() < 0.2 ? null : `https://img.example.cn/${id}-${Math.floor(next() * 100)}.jpg`,
    origin_village_code: next() < 0.3 ? null : `${county}100201`,
    seller_name: `第${seller}号合作社`,
    rating_average: rating[0],
    rating_count: rating[1],
  };
  pricesOf.set(document, prices);
  ratingOf.set(document.seller_org_id, rating);
  return document;
}

/** What a result shows of a document (SearchRepository.summaries without the sort value), its seller's rating now. */
function summaryOf(document: DocumentRow) {
  const [rating_average, rating_count] = ratingOf.get(document.seller_org_id)!;
  return {
    listing_id: document.listing_id,
    title: document.title,
    cover_image: document.cover_image,
    seller_org_id: document.seller_org_id,
    seller_name: document.seller_name,
    rating_average,
    rating_count,
    county_code: document.county_code,
    category_id: document.category_path.split('/').pop(),
    direction: document.direction,
    temperature_class: document.temperature_class,
    certifications: document.certifications ? document.certifications.split(',') : [],
    origin_village_code: document.origin_village_code,
    min_price_fen: document.min_price_fen,
    max_price_fen: document.max_price_fen,
    sales_count: document.sales_count,
    published_at: new Date(Number(document.published_micros) / 1000),
  };
}

/** What the index answers, by listing id rather than slot: every key's and filter's listings, and every order. */
function contents(index: MemoryIndex) {
  const named = (lists: Map<unknown, { toArray(): Uint32Array }>) =>
    Object.fromEntries(
      [...lists]
        .map(([key, list]) => [String(key), [...list.toArray()].map((slot) => index.listingId(slot)).sort()])
        .filter(([, ids]) => ids.length > 0),
    );
  const orders = Object.fromEntries(
    (['published', 'sales', 'minPrice'] as OrderName[]).map((name) => {
      const order = index.orders![name];
      return [name, [...order.slots.subarray(0, order.size)].map((slot) => index.listingId(slot))];
    }),
  );
  // what facets count of each listing: its combination's path, temperature class, certifications and price band
  const facets: Record<string, unknown> = {};
  for (let slot = 0; slot < index.count; slot++) {
    if (index.alive[slot] === 1) {
      const combo = index.facetCombos[index.facetCombo[slot]];
      facets[index.listingId(slot)] = {
        county: index.counties.names[index.county[slot]],
        path: index.pathIds[combo.path],
        temperature: index.temperatures.names[combo.temperature],
        certifications: index.certificationsOf(combo.certificationSet).sort(),
        band: combo.band,
      };
    }
  }
  return {
    facets,
    keys: named(index.keys),
    trigrams: named(index.trigrams),
    filters: named(new Map(index.filterEntries())),
    orders,
    size: index.size,
  };
}

describe('the in-process index', () => {
  it('reuses the slots of changed and removed listings and answers as an index built afresh would', () => {
    const next = random(16);
    const index = new MemoryIndex(4); // its tables grow as it fills
    const live = new Map<number, DocumentRow>();
    for (let id = 0; id < 300; id++) {
      live.set(id, row(id, next));
      index.put(live.get(id)!);
    }
    index.buildOrders();
    let nextId = 300;
    for (let change = 0; change < 3_000; change++) {
      const pick = [...live.keys()][Math.floor(next() * live.size)];
      const what = next();
      if (what < 0.5) {
        live.set(pick, row(pick, next)); // changed: new text, prices, sales, filters
        index.put(live.get(pick)!);
      } else if (what < 0.75) {
        live.delete(pick); // unpublished
        index.remove(`00000000-0000-4000-8000-${String(pick).padStart(12, '0')}`);
      } else {
        live.set(nextId, row(nextId, next)); // a new listing
        index.put(live.get(nextId)!);
        nextId++;
      }
    }
    // slots in use never exceed the most listings there ever were at once
    expect(index.count).toBeLessThanOrEqual(300 + 3_000 / 4 + 100);
    expect(index.size).toBe(live.size);
    expect(index.count - index.dead).toBe(live.size);

    // every live listing's title, prices and summary as it was put last (prices kept in a pool that is compacted as
    // it fills; the seller's name and rating as the seller's latest document has them)
    for (const document of live.values()) {
      const slot = index.slotOf(document.listing_id)!;
      expect(index.summary(slot)).toEqual(summaryOf(document));
      expect(index.title(slot)).toBe(document.title_norm);
      expect(index.titleHas(slot, document.title_norm.slice(0, 2))).toBe(true);
      expect(index.titleHas(slot, '合作社')).toBe(false); // in the text, not the title
      const prices = pricesOf.get(document)!;
      for (const price of prices) {
        expect(index.priceIn(slot, price, price)).toBe(true);
      }
      expect(index.priceIn(slot, prices[0] + 1, prices[1] - 1)).toBe(false);
      // the price band of the cheapest price (0-2000, 2000-5000, 5000-10000 … fen)
      expect(index.facetCombos[index.facetCombo[slot]].band).toBe(prices[0] < 2000 ? 0 : prices[0] < 5000 ? 1 : 2);
    }

    const fresh = new MemoryIndex();
    for (const document of [...live.values()].sort((a, b) => a.listing_id.localeCompare(b.listing_id))) {
      fresh.put(document);
    }
    fresh.buildOrders();
    expect(contents(index)).toEqual(contents(fresh));
  });

  it('gives a removed listing slot to the next new one, and a changed listing keeps its own', () => {
    const next = random(7);
    const index = new MemoryIndex();
    for (let id = 0; id < 10; id++) {
      index.put(row(id, next));
    }
    index.buildOrders();
    const third = index.slotOf(row(2, next).listing_id)!;
    index.put(row(4, next));
    expect(index.count).toBe(10);
    index.remove(row(2, next).listing_id);
    expect(index.dead).toBe(1);
    index.put(row(99, next));
    expect(index.slotOf(row(99, next).listing_id)).toBe(third);
    expect(index.count).toBe(10);
    expect(index.dead).toBe(0);
  });

  it('indexes the keys search_keys holds: textKeys of the text, then the pinyin and initials keys', () => {
    const next = random(3);
    const document = { ...row(1, next), search_text: '赣南脐橙 𠮷野家 a  b 5斤装 ' };
    const index = new MemoryIndex();
    index.put(document);
    const expected = [...textKeys(document.search_text), ...documentKeys(document.pinyin, document.initials)];
    expect(new Set(index.keys.keys())).toEqual(new Set(expected));
  });
});

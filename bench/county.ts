/*
 * A realistic county set up through the gateway of a running platform (bench/cluster.ts), the way its people would:
 * the platform admin opens the county office, county staff verify sellers and build the logistics network,
 * cooperatives and merchants list their produce and goods with plenty of stock, buyers register and log in, and
 * village points get operators. Every write is an API call; the database is only read, to wait for events to land
 * (cheaper and quieter than polling the API) — except the platform's first admin, whom only a seed can make.
 * Shared by the benchmarks that drive the platform as clients do (bench/platform.ts).
 */
import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { uniqueCreditCode, uniquePhone } from '@countyflow/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type Cluster, CLUSTER_PLATFORM_ADMIN } from './cluster';

export const COUNTY = '360722';
const PASSWORD = 'bench-county-2026';

export interface Actor {
  userId: string;
  phone: string;
  name: string;
  token: string;
  refreshToken: string;
  orgId?: string;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** JSON over HTTP to the gateway; `expect` throws with the problem body when the status is not the wanted one. */
export class Api {
  constructor(readonly base: string) {}

  async call<T = unknown>(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: body as T };
  }

  async expect<T = unknown>(
    status: number,
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const answer = await this.call<T>(method, path, options);
    if (answer.status !== status) {
      throw new Error(
        `${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 500)}`,
      );
    }
    return answer.body;
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time; results in the items' order. */
export async function inBatches<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `intervalMs` until it returns true. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export interface ListingRef {
  listingId: string;
  skuId: string;
  sellerOrgId: string;
  priceFen: number;
  direction: 'up' | 'down';
  categoryId: string;
  title: string;
}

export interface VillagePoint {
  nodeId: string;
  code: string;
  orgId: string;
  operator: Actor;
}

export interface County {
  api: Api;
  admin: Actor;
  staff: Actor;
  sellers: { owner: Actor; kind: OrganisationKind }[];
  produce: ListingRef[];
  goods: ListingRef[];
  buyers: Actor[];
  points: VillagePoint[];
  hubId: string;
  vehicleId: string;
  /** Words that find something, for the search load. */
  words: string[];
}

export interface CountyOptions {
  cooperatives?: number;
  merchants?: number;
  listingsPerSeller?: number;
  buyers?: number;
  points?: number;
  log?: (line: string) => void;
}

// ------------------------------------------------------------------------------------------------------------
// What the county sells

const TOWNS = [
  { code: `${COUNTY}100`, name: '安西镇', latitude: 25.25, longitude: 114.95 },
  { code: `${COUNTY}101`, name: '大塘埠镇', latitude: 25.45, longitude: 114.8 },
  { code: `${COUNTY}102`, name: '古陂镇', latitude: 25.33, longitude: 115.05 },
];

const VILLAGES = ['大塘埠村', '元和村', '坪石村', '上迳村', '长安村', '团结村', '水东村', '岗背村'];

/** [word in the title, category, spec, price in fen, grams] */
const PRODUCE: [string, string, string, number, number][] = [
  ['赣南脐橙', 'citrus', '5斤装 果径75mm+', 5990, 2600],
  ['脐橙礼盒', 'citrus', '10斤礼盒', 9900, 5200],
  ['蜜橘', 'citrus', '5斤装', 3990, 2600],
  ['沙田柚', 'citrus', '2个装', 3590, 2400],
  ['猕猴桃', 'kiwi', '3斤装', 4590, 1600],
  ['富硒大米', 'rice', '10斤装', 6900, 5100],
  ['农家大米', 'rice', '25斤装', 12900, 12600],
  ['红薯', 'root-vegetables', '5斤装', 2990, 2600],
  ['南安板鸭', 'cured-meat', '1只 约1.2斤', 6800, 700],
  ['农家腊肉', 'cured-meat', '2斤装', 8800, 1100],
  ['土鸡蛋', 'eggs', '30枚', 4500, 1900],
  ['山茶油', 'edible-oil', '2.5L', 19800, 2500],
  ['高山绿茶', 'green-tea', '250g', 12800, 400],
  ['红茶', 'black-tea', '250g', 9800, 400],
  ['香菇', 'dried-fungi', '500g', 5800, 600],
  ['黑木耳', 'dried-fungi', '250g', 3900, 350],
  ['百花蜂蜜', 'honey', '500g', 6800, 700],
  ['冬笋', 'bamboo-shoots', '3斤装', 4200, 1600],
  ['花生', 'nuts-dried-fruit', '2斤装', 3200, 1100],
];

const GOODS: [string, string, string, number, number][] = [
  ['尿素 含氮46% 化肥', 'fertiliser', '40kg 袋', 12800, 40_000],
  ['复合肥 15-15-15', 'fertiliser', '50kg 袋', 16800, 50_000],
  ['杂交水稻种子', 'seed', '1kg', 8800, 1100],
  ['玉米种子', 'seed', '2kg', 6600, 2100],
  ['草甘膦 除草剂', 'pesticide', '1L', 3500, 1200],
  ['猪饲料', 'feed', '40kg 袋', 15800, 40_000],
  ['不锈钢锄头', 'farm-tools', '1把', 4500, 1500],
  ['洗衣粉', 'cleaning', '5kg', 4990, 5100],
  ['洗发水', 'personal-care', '750ml', 3990, 900],
  ['不锈钢炒锅', 'kitchenware', '32cm', 8900, 2200],
  ['电饭煲', 'kitchen-appliances', '4L', 19900, 3600],
  ['电风扇', 'home-appliances', '落地扇', 15900, 6000],
  ['矿泉水', 'packaged-food', '550ml×24瓶', 3600, 13_500],
];

const QUALIFIERS = ['产地直发', '新鲜采摘', '农家自产', '精选', '县域好物', '源头直供', '当季', '实惠装'];

const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)];

// ------------------------------------------------------------------------------------------------------------
// People

async function register(api: Api, name: string): Promise<Actor> {
  const phone = uniquePhone();
  // the code goes to the development outbox (SMS_PROVIDER=dev), where a developer would read it
  await api.expect(202, 'POST', '/api/identity/auth/sms-codes', { body: { phone, purpose: 'register' } });
  const [sms] = await api.expect<{ params: { code: string } }[]>(200, 'GET', `/api/identity/dev/sms?phone=${phone}`);
  const user = await api.expect<{ id: string }>(201, 'POST', '/api/identity/auth/register', {
    body: { phone, password: PASSWORD, name, code: sms.params.code },
  });
  const tokens = await api.expect<{ accessToken: string; refreshToken: string }>(
    200,
    'POST',
    '/api/identity/auth/login',
    { body: { phone, password: PASSWORD } },
  );
  return { userId: user.id, phone, name, token: tokens.accessToken, refreshToken: tokens.refreshToken };
}

/** Refreshes the session so that the access token carries the memberships added since (as the apps do). */
async function relogin(api: Api, actor: Actor, orgId?: string): Promise<Actor> {
  const tokens = await api.expect<{ accessToken: string; refreshToken: string }>(
    200,
    'POST',
    '/api/identity/auth/refresh',
    { body: { refreshToken: actor.refreshToken } },
  );
  return { ...actor, token: tokens.accessToken, refreshToken: tokens.refreshToken, ...(orgId && { orgId }) };
}

/** The admin identity appointed when the cluster booted (CLUSTER_PLATFORM_ADMIN), logged in. */
async function platformAdmin(api: Api): Promise<Actor> {
  const { phone, password, name } = CLUSTER_PLATFORM_ADMIN;
  const tokens = await api.expect<{ accessToken: string; refreshToken: string }>(
    200,
    'POST',
    '/api/identity/auth/login',
    { body: { phone, password } },
  );
  const me = await api.expect<{ id: string; memberships: { orgId: string; role: MembershipRole }[] }>(
    200,
    'GET',
    '/api/identity/me',
    {
      token: tokens.accessToken,
    },
  );
  const platform = me.memberships.find((membership) => membership.role === MembershipRole.PlatformAdmin);
  return {
    userId: me.id,
    phone,
    name,
    token: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    orgId: platform?.orgId,
  };
}

async function countyStaff(api: Api, admin: Actor): Promise<Actor> {
  const office = await api.expect<{ id: string }>(201, 'POST', '/api/identity/organisations', {
    token: admin.token,
    body: { kind: OrganisationKind.CountyOffice, name: '信丰县商务局', countyCode: COUNTY },
  });
  const staff = await register(api, '张建华');
  await api.expect(201, 'POST', `/api/identity/organisations/${office.id}/members`, {
    token: admin.token,
    body: { phone: staff.phone, role: MembershipRole.CountyStaff },
  });
  return relogin(api, staff, office.id);
}

/** An organisation registered by its owner and verified by county staff; the owner's token carries it. */
async function verifiedOrganisation(
  api: Api,
  staff: Actor,
  spec: { kind: OrganisationKind; name: string; ownerName: string; villageCode: string },
): Promise<Actor> {
  const owner = await register(api, spec.ownerName);
  const org = await api.expect<{ id: string }>(201, 'POST', '/api/identity/organisations', {
    token: owner.token,
    body: {
      kind: spec.kind,
      name: spec.name,
      countyCode: COUNTY,
      villageCode: spec.villageCode,
      ...(spec.kind !== OrganisationKind.ServicePoint && { creditCode: uniqueCreditCode() }),
    },
  });
  await api.expect(200, 'POST', `/api/identity/organisations/${org.id}/verify`, { token: staff.token });
  return relogin(api, owner, org.id);
}

// ------------------------------------------------------------------------------------------------------------
// The county

export async function buildCounty(cluster: Cluster, options: CountyOptions = {}): Promise<County> {
  const cooperatives = options.cooperatives ?? 8;
  const merchants = options.merchants ?? 4;
  const listingsPerSeller = options.listingsPerSeller ?? 25;
  const buyerCount = options.buyers ?? 24;
  const pointCount = Math.min(options.points ?? 4, VILLAGES.length);
  const started = Date.now();
  const log = (line: string) => options.log?.(`${line} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const api = new Api(cluster.gateway);
  const db = await cluster.client();
  try {
    const admin = await platformAdmin(api);
    const staff = await countyStaff(api, admin);
    await api.expect(201, 'POST', '/api/catalog/storefronts', {
      token: staff.token,
      body: { countyCode: COUNTY, name: '信丰县农特产品馆', introduction: '中国脐橙之乡，赣南脐橙核心产区。' },
    });
    const villageCodes = VILLAGES.slice(0, pointCount).map(
      (_, index) => `${TOWNS[index % TOWNS.length].code}${String(201 + index).padStart(3, '0')}`,
    );

    // three independent strands at once: buyers, the network, the sellers and their listings
    const buyersReady = inBatches(
      Array.from({ length: buyerCount }, (_, index) => index),
      2,
      (index) => register(api, `买家${index + 1}`),
    ).then((buyers) => {
      log(`${buyers.length} buyers logged in`);
      return buyers;
    });
    const networkReady = buildNetwork(api, staff, villageCodes, log);
    const listingsReady = listEverything(
      api,
      db,
      staff,
      villageCodes,
      { cooperatives, merchants, listingsPerSeller },
      log,
    );
    const [buyers, { hub, points, vehicle }, { sellers, listings }] = await Promise.all([
      buyersReady,
      networkReady,
      listingsReady,
    ]);
    const produce = listings.filter((listing) => listing.direction === 'up');
    const goods = listings.filter((listing) => listing.direction === 'down');
    await api.expect(200, 'PATCH', `/api/catalog/storefronts/${COUNTY}`, {
      token: staff.token,
      body: {
        featuredCategoryIds: ['citrus', 'rice', 'cured-meat', 'tea', 'fertiliser', 'seed'],
        featuredListingIds: listings.filter((_, index) => index % 13 === 0).map((listing) => listing.listingId),
      },
    });
    await api.expect(200, 'POST', `/api/catalog/storefronts/${COUNTY}/open`, { token: staff.token });

    // orders keeps its own copies of listings and service points, which arrive by event
    await waitFor('orders to learn of every SKU and service point', async () => {
      const { rows } = await db.query<{ skus: number; points: number }>(
        `SELECT (SELECT count(*)::int FROM orders.sku_copy WHERE sku_id = ANY($1::uuid[])) AS skus,
                (SELECT count(*)::int FROM orders.org_copy WHERE org_id = ANY($2::uuid[]) AND status = 'verified') AS points`,
        [listings.map((listing) => listing.skuId), points.map((point) => point.orgId)],
      );
      return rows[0].skus === listings.length && rows[0].points === points.length;
    });
    log('storefront open; orders knows every SKU and village point');

    const words = [...new Set([...PRODUCE, ...GOODS].map(([word]) => word.split(' ')[0]))];
    return {
      api,
      admin,
      staff,
      sellers,
      produce,
      goods,
      buyers,
      points,
      hubId: hub.id,
      vehicleId: vehicle.id,
      words,
    };
  } finally {
    await db.end();
  }
}

/** County staff build the network: the hub, the town stations, the village points with their operators, a van. */
async function buildNetwork(api: Api, staff: Actor, villageCodes: string[], log: (line: string) => void) {
  // village points: the network's last kilometre, each with an operator
  const pointOwners = await inBatches(villageCodes, 4, (villageCode, index) =>
    verifiedOrganisation(api, staff, {
      kind: OrganisationKind.ServicePoint,
      name: `信丰县${VILLAGES[index]}益农信息社`,
      ownerName: `${VILLAGES[index]}站长`,
      villageCode,
    }),
  );
  const operators = await inBatches(pointOwners, 4, async (owner, index) => {
    const operator = await register(api, `${VILLAGES[index]}操作员`);
    await api.expect(201, 'POST', `/api/identity/organisations/${owner.orgId}/members`, {
      token: owner.token,
      body: { phone: operator.phone, role: MembershipRole.Operator },
    });
    return relogin(api, operator, owner.orgId);
  });

  const node = (body: object) =>
    api.expect<{ id: string }>(201, 'POST', '/api/logistics/nodes', {
      token: staff.token,
      body: { openingHours: '08:00-20:00', ...body },
    });
  const hub = await node({
    code: COUNTY,
    name: '信丰县电商物流配送中心',
    hostType: 'county_warehouse',
    latitude: 25.386,
    longitude: 114.922,
    operatorOrgId: staff.orgId,
  });
  const towns = await inBatches(TOWNS, 3, (town) =>
    node({
      code: town.code,
      name: `${town.name}快递物流站`,
      hostType: 'post_station',
      parentId: hub.id,
      latitude: town.latitude,
      longitude: town.longitude,
    }),
  );
  const points = await inBatches(villageCodes, 4, async (code, index) => {
    const town = towns[index % TOWNS.length];
    const created = await node({
      code,
      name: `${VILLAGES[index]}益农信息社`,
      hostType: 'yinong_agency',
      parentId: town.id,
      latitude: TOWNS[index % TOWNS.length].latitude + 0.02 * (index + 1),
      longitude: TOWNS[index % TOWNS.length].longitude + 0.02 * (index + 1),
      operatorOrgId: pointOwners[index].orgId,
      shelves: 10,
      layers: 6,
      slotCapacity: 50,
    });
    return { nodeId: created.id, code, orgId: pointOwners[index].orgId!, operator: operators[index] };
  });
  const vehicle = await api.expect<{ id: string }>(201, 'POST', '/api/logistics/vehicles', {
    token: staff.token,
    body: {
      countyCode: COUNTY,
      plate: '赣B·D1001',
      name: '县乡村配送车 1 号',
      kind: 'van',
      capacityKg: 3000,
      capacityLitres: 12_000,
      refrigerated: false,
    },
  });
  log(`hub, ${towns.length} towns, ${points.length} village points with operators, a van`);
  return { hub, points, vehicle };
}

/** Sellers verified by county staff, and their listings: a draft with its SKU and plenty of stock, published. */
async function listEverything(
  api: Api,
  db: Client,
  staff: Actor,
  villageCodes: string[],
  counts: { cooperatives: number; merchants: number; listingsPerSeller: number },
  log: (line: string) => void,
) {
  const { cooperatives, merchants, listingsPerSeller } = counts;
  // catalog learns of the sellers by org.verified
  const sellerSpecs = [
    ...Array.from({ length: cooperatives }, (_, index) => ({
      kind: index % 3 === 2 ? OrganisationKind.FamilyFarm : OrganisationKind.Cooperative,
      name: `信丰县${VILLAGES[index % VILLAGES.length]}${index % 3 === 2 ? '家庭农场' : '农产品专业合作社'}${index + 1}`,
      ownerName: `合作社理事长${index + 1}`,
      villageCode: villageCodes[index % villageCodes.length],
    })),
    ...Array.from({ length: merchants }, (_, index) => ({
      kind: OrganisationKind.Merchant,
      name: `信丰县惠农农资百货超市${index + 1}`,
      ownerName: `超市老板${index + 1}`,
      villageCode: `${COUNTY}100001`,
    })),
  ];
  const sellers = await inBatches(sellerSpecs, 4, async (spec) => ({
    owner: await verifiedOrganisation(api, staff, spec),
    kind: spec.kind,
  }));
  await waitFor('catalog to learn of every seller', async () => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM catalog.seller WHERE status = 'verified' AND org_id = ANY($1::uuid[])`,
      [sellers.map((seller) => seller.owner.orgId)],
    );
    return rows[0].n === sellers.length;
  });
  log(`${sellers.length} verified sellers (${cooperatives} produce, ${merchants} goods)`);

  // listings: a draft with its SKU and plenty of stock, then published
  const jobs = sellers.flatMap((seller, sellerIndex) =>
    Array.from({ length: listingsPerSeller }, (_, index) => ({ seller, sellerIndex, index })),
  );
  const listings = await inBatches(jobs, 8, async ({ seller, sellerIndex, index }): Promise<ListingRef> => {
    const up = seller.kind !== OrganisationKind.Merchant;
    const [word, categoryId, spec, basePrice, grams] = up
      ? PRODUCE[(sellerIndex * 7 + index) % PRODUCE.length]
      : GOODS[(sellerIndex * 5 + index) % GOODS.length];
    const qualifier = pick(QUALIFIERS);
    const title = up ? `${TOWNS[index % TOWNS.length].name}${word} ${qualifier}` : `${word} ${qualifier}`;
    const priceFen = basePrice + randomInt(0, 20) * 100;
    const draft = await api.expect<{ id: string; skus: { id: string }[] }>(201, 'POST', '/api/catalog/listings', {
      token: seller.owner.token,
      body: {
        sellerOrgId: seller.owner.orgId,
        categoryId,
        title,
        description: up
          ? `${word}，${qualifier}，信丰${TOWNS[index % TOWNS.length].name}合作社自有基地出品，当天采摘当天发货。`
          : `${word}，县城仓库现货，送到村服务站自提，${qualifier}。`,
        images: [`https://img.example.cn/bench/${randomUUID()}.jpg`],
        ...(up && { originVillageCode: villageCodes[sellerIndex % villageCodes.length] }),
        // no certifications: they are verified tags now (a certificate photo and county staff's review,
        // docs/catalog.md), so the mix's certification queries find nothing here
        shelfLifeDays: up ? 30 : 720,
        temperature: { class: 'ambient' },
        skus: [{ spec, priceFen, weightGrams: grams, volumeMl: grams * 2, initialStock: 1_000_000 }],
      },
    });
    await api.expect(200, 'POST', `/api/catalog/listings/${draft.id}/publish`, { token: seller.owner.token });
    return {
      listingId: draft.id,
      skuId: draft.skus[0].id,
      sellerOrgId: seller.owner.orgId!,
      priceFen,
      direction: up ? 'up' : 'down',
      categoryId,
      title,
    };
  });
  log(`${sellers.length} verified sellers, ${listings.length} published listings`);
  return { sellers, listings };
}

// ------------------------------------------------------------------------------------------------------------
// Orders and parcels, ready for the load

export const cityAddress = (recipientName: string, recipientPhone: string) => ({
  kind: 'address',
  address: {
    province: '广东省',
    city: '深圳市',
    district: '南山区',
    detail: '科技园南区 8 栋 1201',
    postalCode: '518057',
  },
  recipientName,
  recipientPhone,
});

/** A two-seller produce basket to a city address: two orders in one group, as most urban checkouts are. */
export function produceBasket(
  county: County,
  buyer: Actor,
): { lines: { skuId: string; quantity: number }[]; destination: object } {
  const first = pick(county.produce);
  let second = pick(county.produce);
  for (let tries = 0; second.sellerOrgId === first.sellerOrgId && tries < 20; tries++) second = pick(county.produce);
  return {
    lines: [
      { skuId: first.skuId, quantity: 1 + randomInt(2) },
      { skuId: second.skuId, quantity: 1 },
    ],
    destination: cityAddress(buyer.name, buyer.phone),
  };
}

export interface AwaitingGroup {
  groupId: string;
  orderIds: string[];
  buyerToken: string;
}

/** Places `count` checkouts and waits until catalog has reserved every order (awaiting payment). */
export async function placeAwaitingPayment(cluster: Cluster, county: County, count: number): Promise<AwaitingGroup[]> {
  const groups = await inBatches(
    Array.from({ length: count }, (_, index) => index),
    6,
    async (index) => {
      const buyer = county.buyers[index % county.buyers.length];
      const group = await county.api.expect<{ id: string; orders: { id: string }[] }>(
        202,
        'POST',
        '/api/orders/checkout',
        { token: buyer.token, body: produceBasket(county, buyer), headers: { 'idempotency-key': randomUUID() } },
      );
      return { groupId: group.id, orderIds: group.orders.map((order) => order.id), buyerToken: buyer.token };
    },
  );
  await waitUntilOrders(
    cluster,
    'awaiting_payment',
    groups.flatMap((group) => group.orderIds),
  );
  return groups;
}

/** Waits until none of the orders is still placed (reserved or rejected by catalog), then until all are `status`. */
export async function waitUntilOrders(cluster: Cluster, status: string, orderIds: string[], timeoutMs = 120_000) {
  const db = await cluster.client();
  try {
    await waitFor(
      `${orderIds.length} orders to be ${status}`,
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM orders.customer_order WHERE id = ANY($1::uuid[]) AND status = $2`,
          [orderIds, status],
        );
        return rows[0].n === orderIds.length;
      },
      timeoutMs,
      200,
    );
  } finally {
    await db.end();
  }
}

export interface ParcelAtHub {
  shipmentId: string;
  point: VillagePoint;
  phoneLast4: string;
}

/**
 * Parcels on their way down to the village points: operators place assisted cash-on-collection orders for
 * villagers (goods), logistics creates the shipments (order.paid, cash), and county staff scan them in at the hub
 * and onto the van. What remains is the operators' part: the arrival scan at the point and the hand-over.
 */
export async function parcelsOnTheVan(cluster: Cluster, county: County, count: number): Promise<ParcelAtHub[]> {
  const placed = await inBatches(
    Array.from({ length: count }, (_, index) => index),
    6,
    async (index) => {
      const point = county.points[index % county.points.length];
      const villager = { name: `村民${index + 1}`, phone: uniquePhone() };
      const group = await county.api.expect<{ orders: { id: string }[] }>(202, 'POST', '/api/orders/assisted-orders', {
        token: point.operator.token,
        headers: { 'idempotency-key': randomUUID() },
        body: {
          servicePointOrgId: point.orgId,
          villager,
          lines: [{ skuId: pick(county.goods).skuId, quantity: 1 }],
          paymentMethod: 'cash_on_collection',
        },
      });
      return { orderId: group.orders[0].id, point, phoneLast4: villager.phone.slice(-4) };
    },
  );
  const db = await cluster.client();
  let shipments = new Map<string, string>();
  try {
    await waitFor(
      `logistics to create ${count} shipments`,
      async () => {
        const { rows } = await db.query<{ order_id: string; id: string }>(
          `SELECT order_id, id FROM logistics.shipment WHERE order_id = ANY($1::uuid[])`,
          [placed.map((parcel) => parcel.orderId)],
        );
        shipments = new Map(rows.map((row) => [row.order_id, row.id]));
        return rows.length === count;
      },
      120_000,
      250,
    );
  } finally {
    await db.end();
  }
  const parcels = placed.map((parcel) => ({
    shipmentId: shipments.get(parcel.orderId)!,
    point: parcel.point,
    phoneLast4: parcel.phoneLast4,
  }));
  await inBatches(parcels, 6, async (parcel) => {
    for (const scan of [
      { kind: 'arrived', nodeId: county.hubId },
      { kind: 'departed', nodeId: county.hubId, vehicleId: county.vehicleId },
    ]) {
      await county.api.expect(201, 'POST', `/api/logistics/shipments/${parcel.shipmentId}/scans`, {
        token: county.staff.token,
        body: scan,
      });
    }
  });
  return parcels;
}

import { chinaDate } from '@countyflow/kernel';
import type { HistorySaleDto } from '../apps/catalog/src/history/history.dto';
import type { HistoryScanDto, HistoryShipmentDto } from '../apps/logistics/src/history/history.dto';
import type { HistoryOrderDto } from '../apps/orders/src/history/history.dto';

/*
 * Thirteen months of past trade in 信丰县 (360722) for the county staff dashboard: completed orders of the demo
 * navel-orange cooperative (produce going up to city buyers) and of the demo farm-supply store (goods going down to
 * 大塘埠村益农信息社), with their lines, status history and payments, and their delivered shipments (scans, hand-ins,
 * temperature readings, receipts, consents) through the nodes they passed.
 *
 * Orders and logistics own these rows: the seed sends them to each service's history import (`POST
 * /history/orders`, `POST /history/shipments`, platform admins only), in batches. Every order and shipment has an
 * id derived from its day and sequence number, so a second run imports nothing (the services skip ids they hold).
 * The volumes follow a fixed trend: produce grows 35 % a year with the navel orange season (November–January) on
 * top, goods 12 % a year with spring planting and the Spring Festival; a per-day pseudo-random wobble is seeded by
 * the date. The history covers the first day of the month thirteen months back to four days before `now` (China
 * time), so that every order in it was delivered before today.
 *
 * The imports publish no events: these orders are past and complete. Their events (order.placed … order.completed,
 * shipment.*) were delivered long ago in the story; publishing them now would make catalog sell stock again and
 * logistics create shipments for parcels that were delivered months ago.
 *
 * The nodes are named by code; the county network (seeds/demo-network.ts) must hold them.
 */

const COUNTY = '360722';
const COOP = {
  orgId: 'b0000000-0000-4000-8000-000000000003',
  name: '信丰县安西镇脐橙专业合作社',
  village: '360722105201',
};
const STORE = { orgId: 'b0000000-0000-4000-8000-000000000004', name: '信丰县惠农农资超市' };
/** Whose trade the history is: the cooperative sells up, the store sells down. */
export const HISTORY_SELLERS = { up: COOP.orgId, down: STORE.orgId };
const POINT = { orgId: 'b0000000-0000-4000-8000-000000000005', name: '大塘埠村益农信息社', village: '360722101203' };
const POINT_OPERATOR = { userId: 'a0000000-0000-4000-8000-000000000005', name: '黄小梅' };

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
/** History ends this many days before today, so that every order in it was delivered in the past. */
const SETTLED_DAYS = 4;

interface Product {
  listingId: string;
  skuId: string;
  title: string;
  spec: string;
  priceFen: number;
  weightGrams: number;
  volumeMl: number;
  chilled: boolean;
}

const product = (n: number, title: string, spec: string, priceFen: number, weightGrams: number, chilled = false) => ({
  listingId: `d0000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
  skuId: `d0000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`,
  title,
  spec,
  priceFen,
  weightGrams,
  volumeMl: Math.round(weightGrams * 1.6),
  chilled,
});

/**
 * The sellers' real SKUs in catalog, for the history to sell (the seed reads them from catalog's API): product `n` of
 * PRODUCE or GOODS becomes SKU `n mod length` of `up` or `down`, so that the past year's orders are of the listings
 * the cards show, and each card's 已售 counts them. Without it (the services' own tests) the history sells the
 * placeholder products below, which no catalog holds.
 */
export interface HistoryShelf {
  up: Omit<Product, 'chilled'>[];
  down: Omit<Product, 'chilled'>[];
}

const PRODUCE: Product[] = [
  product(1, '赣南脐橙 信丰产地直发', '5 kg 家庭装（75–80 mm）', 5_990, 5_000),
  product(2, '赣南脐橙 冷链礼盒', '10 kg 特级礼盒（80–85 mm）', 12_800, 10_000, true),
  product(3, '赣南脐橙 尝鲜装', '2.5 kg 尝鲜装', 3_290, 2_500),
  product(4, '安西土蜂蜜 百花蜜', '500 g 玻璃瓶', 6_800, 750),
  product(5, '信丰红瓜子', '500 g × 2 袋', 4_500, 1_050),
];
const GOODS: Product[] = [
  product(11, '史丹利 复合肥 15-15-15', '40 kg 袋', 16_800, 40_000),
  product(12, '心连心 尿素 46%', '50 kg 袋', 14_500, 50_000),
  product(13, '隆两优 杂交水稻种子', '1 kg 袋', 5_800, 1_000),
  product(14, '电动喷雾器 16 L', '锂电 12 V', 18_900, 5_500),
  product(15, '金龙鱼 调和油', '5 L 桶', 6_990, 4_700),
  product(16, '立白 洗衣液', '2 kg × 2 瓶', 3_990, 4_200),
];

/** The day the trends are anchored to: the volume of each day is a function of its date alone. */
const TREND_EPOCH = Date.parse('2026-01-01');
/** Orders per day at the epoch for a month weighted 1, yearly growth, and how the months weigh. */
const UP = { base: 12, yearlyGrowth: 1.35, season: [2.6, 1.4, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5, 0.6, 0.9, 2.4, 3.2] };
const DOWN = { base: 8, yearlyGrowth: 1.12, season: [1.4, 1.2, 1.6, 1.5, 1.1, 1.0, 0.9, 0.9, 1.0, 1.0, 1.0, 1.2] };

/** What produce sells in a month: oranges in season (the gift box around the Spring Festival), honey and seeds off it. */
function produceWeights(month: number): number[] {
  const inSeason = [1, 2, 11, 12].includes(month);
  const fromStore = [3, 4].includes(month);
  if (inSeason) {
    return [45, month === 1 || month === 12 ? 35 : 20, 20, 6, 4];
  }
  return fromStore ? [30, 0, 20, 30, 20] : [0, 0, 0, 55, 45];
}

function goodsWeights(month: number): number[] {
  const planting = [3, 4, 5, 7, 8].includes(month);
  return planting ? [30, 20, 20, 12, 10, 8] : [12, 8, 4, 6, 38, 32];
}

const CITIES = [
  { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园南区 8 栋 1201', postalCode: '518057' },
  { province: '广东省', city: '广州市', district: '天河区', detail: '珠江新城华夏路 16 号 2503', postalCode: '510623' },
  { province: '上海市', city: '上海市', district: '浦东新区', detail: '张杨路 500 号 18 楼', postalCode: '200122' },
  { province: '北京市', city: '北京市', district: '朝阳区', detail: '望京街 10 号院 3 号楼 906', postalCode: '100102' },
  { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 259 号 7 幢 402', postalCode: '310012' },
  { province: '江西省', city: '南昌市', district: '红谷滩区', detail: '丰和中大道 1266 号 1102', postalCode: '330038' },
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '敏', '静', '磊', '洋', '婷', '强', '丽', '军', '霞', '涛', '秀英', '建国', '春梅'];

// ------------------------------------------------------------------ deterministic ids and randomness

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
/** `yyyymmdd-kind-4000-8000-<seq>`: a valid v4-shaped uuid, the same on every run. */
const historyId = (kind: number, date: string, seq: number): string =>
  `${date.replaceAll('-', '')}-${hex(kind, 4)}-4000-8000-${String(seq).padStart(12, '0')}`;
const ID = { group: 0xe001, order: 0xe002 };
const LID = { shipment: 0xe101 };
const NODES = { hub: COUNTY, pointTown: '360722101', coopTown: '360722105', point: POINT.village, coop: COOP.village };

function random(seed: string): () => number {
  let state = 2166136261;
  for (const char of seed) {
    state = Math.imul(state ^ char.charCodeAt(0), 16777619) >>> 0;
  }
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: T[], weights: number[], roll: number): T => {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let left = roll * total;
  for (const [index, weight] of weights.entries()) {
    left -= weight;
    if (left < 0) {
      return items[index];
    }
  }
  return items[items.length - 1];
};

const chinaMidnight = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
const at = (ms: number): string => new Date(ms).toISOString();

// ------------------------------------------------------------------ one past order

/** One past order: what orders recorded of it, and what logistics recorded of its parcel. */
function pastOrder(
  date: string,
  seq: number,
  up: boolean,
  today: number,
  catalog?: HistoryShelf,
): { order: HistoryOrderDto; shipment: HistoryShipmentDto } {
  const roll = random(`${date}:${seq}:${up ? 'up' : 'down'}`);
  const month = Number(date.slice(5, 7));
  const picked = up ? pick(PRODUCE, produceWeights(month), roll()) : pick(GOODS, goodsWeights(month), roll());
  const real = catalog?.[up ? 'up' : 'down'];
  const index = (up ? PRODUCE : GOODS).indexOf(picked);
  const item: Product = real?.length ? { ...real[index % real.length], chilled: picked.chilled } : picked;
  const quantity = roll() < (up ? 0.18 : 0.25) ? 2 : 1;
  const totalFen = item.priceFen * quantity;
  const weightGrams = item.weightGrams * quantity;
  const volumeMl = item.volumeMl * quantity;
  const orderId = historyId(ID.order, date, seq);
  const groupId = historyId(ID.group, date, seq);
  const shipmentId = historyId(LID.shipment, date, seq);
  const buyerId = `f0000000-0000-4000-8000-${String(1 + Math.floor(roll() * (up ? 900 : 240)) + (up ? 0 : 1000)).padStart(12, '0')}`;
  const name = `${SURNAMES[Math.floor(roll() * SURNAMES.length)]}${GIVEN[Math.floor(roll() * GIVEN.length)]}`;
  const phone = `1${[3, 5, 8][Math.floor(roll() * 3)]}${String(Math.floor(roll() * 1e9)).padStart(9, '0')}`;
  const cash = !up && roll() < 0.3;
  const chilled = item.chilled;
  const temperature = chilled ? { class: 'chilled', minC: 0, maxC: 4 } : { class: 'ambient' };
  const destination = up
    ? {
        kind: 'address' as const,
        address: CITIES[Math.floor(roll() * CITIES.length)],
        recipientName: name,
        recipientPhone: phone,
      }
    : { kind: 'service_point' as const, servicePointOrgId: POINT.orgId, recipientName: name, recipientPhone: phone };

  // the day's times, China time: paid between 08:00 and 22:00, the parcel's way over the next days
  const dayStart = chinaMidnight(date);
  const paid = dayStart + 8 * HOUR_MS + Math.floor(roll() * 14 * HOUR_MS);
  const placed = paid - 60_000 - Math.floor(roll() * 540_000);
  const reserved = placed + 1_500;
  const created = paid + 4_000;
  const next = chinaMidnight(addDays(date, 1));
  const steps = up
    ? {
        handedIn: next + 9 * HOUR_MS + Math.floor(roll() * 2 * HOUR_MS),
        departedVillage: next + 14 * HOUR_MS,
        arrivedTown: next + 14 * HOUR_MS + 40 * 60_000,
        departedTown: next + 15 * HOUR_MS + 30 * 60_000,
        arrivedHub: next + 16 * HOUR_MS + 30 * 60_000,
        toCarrier: next + 18 * HOUR_MS,
        delivered: chinaMidnight(addDays(date, 3)) + 10 * HOUR_MS + Math.floor(roll() * 8 * HOUR_MS),
      }
    : {
        arrivedHub: next + 8 * HOUR_MS + 30 * 60_000,
        departedHub: next + 9 * HOUR_MS + 30 * 60_000,
        shelved: next + 13 * HOUR_MS,
        collected: next + 17 * HOUR_MS + Math.floor(roll() * 2.2 * DAY_MS),
      };
  const dispatched = up ? steps.departedVillage! : steps.departedHub!;
  const delivered = up ? steps.delivered! : steps.collected!;
  const collectBy = up ? undefined : at(steps.shelved! + 5 * DAY_MS);
  if (delivered >= today) {
    throw new Error(`history order ${orderId} would be delivered in the future`);
  }
  const seller = up ? COOP : STORE;
  const step = (status: string, actorKind: string, when: number, actorId?: string) => ({
    status,
    actorKind,
    at: at(when),
    ...(actorId ? { actorId } : {}),
  });
  const order = {
    id: orderId,
    groupId,
    buyerId,
    sellerOrgId: seller.orgId,
    sellerName: seller.name,
    countyCode: COUNTY,
    direction: up ? 'up' : 'down',
    ...(up ? { originVillageCode: COOP.village, weightToleranceGrams: 200 } : {}),
    destination,
    paymentMethod: cash ? 'cash_on_collection' : 'online',
    temperature,
    lines: [
      {
        skuId: item.skuId,
        listingId: item.listingId,
        title: item.title,
        spec: item.spec,
        quantity,
        unitPriceFen: item.priceFen,
        weightGrams: item.weightGrams,
        volumeMl: item.volumeMl,
      },
    ],
    steps: [
      step('placed', 'buyer', placed, buyerId),
      step('awaiting_payment', 'catalog', reserved),
      cash ? step('paid', 'system', reserved + 20) : step('paid', 'payment_provider', paid, `sim-txn-${orderId}`),
      step('in_fulfilment', 'logistics', created + 500),
      up
        ? step('out_for_delivery', 'logistics', dispatched + 500)
        : step('ready_for_pickup', 'logistics', steps.shelved! + 500),
      step('completed', 'logistics', delivered),
    ],
    shipmentId,
    dispatchedAt: at(dispatched),
    ...(collectBy ? { collectBy } : {}),
    receiptMethod: up ? 'carrier' : 'pickup_code',
    collectedBy: up ? 'carrier' : 'recipient',
    ...(cash
      ? { cashReceivedBy: POINT_OPERATOR.userId }
      : {
          provider: 'simulated',
          providerPaymentId: `sim-pay-${orderId}`,
          providerTransactionId: `sim-txn-${orderId}`,
        }),
    ...(up
      ? {}
      : {
          consentText:
            `本人同意将包裹投递至「${POINT.name}」代为保管，凭取件码或本人有效证件领取。` +
            ` I agree to have my parcel left at ${POINT.name} and to collect it there with my pickup code.`,
        }),
  } as HistoryOrderDto;

  // ---------------------------------------------------------------- logistics: the delivered shipment
  const path = up ? [NODES.coop, NODES.coopTown, NODES.hub] : [NODES.hub, NODES.pointTown, NODES.point];
  const weighed = up ? weightGrams + Math.round((roll() - 0.5) * 300) : undefined;
  const parcel = `${COUNTY}-H${date.slice(2).replaceAll('-', '')}${up ? 'U' : 'D'}${String(seq).padStart(3, '0')}`;
  const traceCodes = up ? [`CF${COUNTY}-${date.replaceAll('-', '')}-L${1 + Math.floor(roll() * 4)}`] : [];
  const shelf = up ? undefined : 1 + Math.floor(roll() * 3);
  const layer = up ? undefined : 1 + Math.floor(roll() * 4);
  const pickupNumber = up ? undefined : String(Math.floor(roll() * 10_000)).padStart(4, '0');
  const excursionAt = chilled && roll() < 0.04 ? Math.floor(roll() * 5) : -1;
  const scans: HistoryScanDto[] = [];
  const scan = (kind: string, nodeCode: string | null, when: number, details?: Record<string, unknown>) => {
    const excursion = scans.length === excursionAt;
    const reading = () => (excursion ? 6.5 + Math.round(roll() * 30) / 10 : 1.5 + Math.round(roll() * 20) / 10);
    scans.push({
      kind,
      ...(nodeCode ? { nodeCode } : {}),
      at: at(when),
      actorKind: kind === 'carrier_delivered' ? 'carrier' : 'system',
      ...(chilled && nodeCode ? { temperatureC: reading() } : {}),
      ...(details ? { details } : {}),
    } as HistoryScanDto);
  };
  if (up) {
    scan('handed_in', NODES.coop, steps.handedIn!, { weighedGrams: weighed, traceCodes });
    scan('departed', NODES.coop, steps.departedVillage!);
    scan('arrived', NODES.coopTown, steps.arrivedTown!);
    scan('departed', NODES.coopTown, steps.departedTown!);
    scan('arrived', NODES.hub, steps.arrivedHub);
    scan('handed_to_carrier', NODES.hub, steps.toCarrier!);
    scan('carrier_delivered', null, delivered, { signedBy: name });
  } else {
    scan('arrived', NODES.hub, steps.arrivedHub);
    scan('departed', NODES.hub, steps.departedHub!);
    scan('arrived', NODES.point, steps.shelved!);
    scan('collected', NODES.point, delivered, { receipt: 'pickup_code', collectedBy: 'recipient' });
  }
  const shipment = {
    id: shipmentId,
    orderId,
    groupId,
    buyerId,
    sellerOrgId: seller.orgId,
    sellerName: seller.name,
    countyCode: COUNTY,
    direction: up ? 'up' : 'down',
    parcelCode: parcel,
    temperatureClass: temperature.class,
    ...(chilled ? { minC: 0, maxC: 4 } : {}),
    ...(up ? { weightToleranceGrams: 200, originVillageCode: COOP.village } : {}),
    destination,
    lines: [{ skuId: item.skuId, listingId: item.listingId, title: item.title, quantity, weightGrams, volumeMl }],
    paymentMethod: cash ? 'cash_on_collection' : 'online',
    amountFen: totalFen,
    path,
    traceCodes,
    ...(up
      ? {
          handedInWeightGrams: weighed,
          carrier: 'simulated',
          waybillNo: `SIM${date.replaceAll('-', '')}${String(seq).padStart(5, '0')}`,
        }
      : { shelf, layer, pickupNumber, shelvedAt: at(steps.shelved!), collectBy, consentGivenBy: buyerId }),
    createdAt: at(created),
    dispatchedAt: at(dispatched),
    scans,
    receipt: up
      ? {
          method: 'carrier',
          collectedBy: 'carrier',
          collectorName: 'simulated',
          evidence: { signedBy: name },
          at: at(delivered),
        }
      : {
          method: 'pickup_code',
          collectedBy: 'recipient',
          collectorName: name,
          nodeCode: NODES.point,
          operatorId: POINT_OPERATOR.userId,
          evidence: { code: 'history', phoneLast4: phone.slice(-4) },
          at: at(delivered),
        },
  } as HistoryShipmentDto;
  return { order, shipment };
}

/** How many orders a day has, up or down: the trend, the month's weight and the day's wobble. */
function ordersOn(date: string, up: boolean): number {
  const trend = up ? UP : DOWN;
  const yearsAgo = (TREND_EPOCH - Date.parse(date)) / (365 * DAY_MS);
  const wobble = 0.85 + 0.3 * random(`${date}:${up ? 'up' : 'down'}:count`)();
  const month = Number(date.slice(5, 7));
  return Math.round(trend.base * trend.season[month - 1] * trend.yearlyGrowth ** -yearsAgo * wobble);
}

/** Where the history goes: each service's history import, one batch at a time; each answers how many were new. */
export interface HistorySink {
  orders?: (batch: HistoryOrderDto[]) => Promise<number>;
  /** Catalog's import of the same orders' sales (`POST /history/sales`): the 已售 on every card counts them. */
  sales?: (batch: HistorySaleDto[]) => Promise<number>;
  shipments?: (batch: HistoryShipmentDto[]) => Promise<number>;
}

/** The imports take up to 500 orders or 300 shipments a request (1 MB of JSON); 250 keeps well inside both. */
const BATCH = 250;

/** How many months back the history starts (the first day of the month that many months ago) unless told. */
export const HISTORY_MONTHS = 13;

/**
 * The months of history SEED_HISTORY_MONTHS asks for (1 to 13; HISTORY_MONTHS when unset). The seed's own tests
 * import two months: the full year is the demo's, and each import's own test takes the full year (test/orders and
 * test/logistics figures).
 */
export function historyMonths(env: Record<string, string | undefined> = {}): number {
  const raw = env.SEED_HISTORY_MONTHS;
  if (raw === undefined || raw === '') {
    return HISTORY_MONTHS;
  }
  const months = Number(raw);
  if (!Number.isInteger(months) || months < 1 || months > HISTORY_MONTHS) {
    throw new Error(`SEED_HISTORY_MONTHS must be a whole number from 1 to ${HISTORY_MONTHS}, got '${raw}'`);
  }
  return months;
}

/** Every past order of the history ending four days before `now`, day by day, from `months` months back. */
function* pastOrders(
  now: Date,
  shelf?: HistoryShelf,
  months = HISTORY_MONTHS,
): Generator<{ order: HistoryOrderDto; shipment: HistoryShipmentDto }> {
  const todayDate = chinaDate(now);
  const todayStart = chinaMidnight(todayDate);
  const [year, month] = todayDate.split('-').map(Number);
  const firstMonth = new Date(Date.UTC(year, month - 1 - months, 1)).toISOString().slice(0, 10);
  const lastDay = addDays(todayDate, -SETTLED_DAYS);
  for (let date = firstMonth; date <= lastDay; date = addDays(date, 1)) {
    const up = ordersOn(date, true);
    const down = ordersOn(date, false);
    for (let seq = 0; seq < up + down; seq++) {
      yield pastOrder(date, seq, seq < up, todayStart, shelf);
    }
  }
}

/** What catalog counts of a past order: its seller and the units of each SKU, at the price paid. */
const saleOf = (order: HistoryOrderDto): HistorySaleDto => ({
  orderId: order.id,
  sellerOrgId: order.sellerOrgId,
  buyerId: order.buyerId,
  lines: order.lines.map(({ skuId, quantity, unitPriceFen }) => ({ skuId, quantity, unitPriceFen })),
});

/** The ids of every order of the history (for the seed's quick check). */
export function historyOrderIds(now: Date = new Date(), months = HISTORY_MONTHS): string[] {
  return [...pastOrders(now, undefined, months)].map(({ order }) => order.id);
}

/**
 * Sends the demo county's past year of completed orders and delivered shipments to the services' history imports
 * given in `sink` (either or both); idempotent: a second run imports nothing. `months` starts it later (see
 * historyMonths); `now` and `limit` (send only the first `limit` orders) are for tests; the history always ends four
 * days before `now`.
 */
export async function seedHistory(
  sink: HistorySink,
  options: { now?: Date; limit?: number; shelf?: HistoryShelf; months?: number } = {},
): Promise<{ orders: number; shipments: number; sales: number }> {
  const imported = { orders: 0, shipments: 0, sales: 0 };
  let batch: { order: HistoryOrderDto; shipment: HistoryShipmentDto }[] = [];
  const send = async () => {
    if (sink.orders) {
      imported.orders += await sink.orders(batch.map(({ order }) => order));
    }
    if (sink.sales) {
      imported.sales += await sink.sales(batch.map(({ order }) => saleOf(order)));
    }
    if (sink.shipments) {
      imported.shipments += await sink.shipments(batch.map(({ shipment }) => shipment));
    }
    batch = [];
  };
  let sent = 0;
  for (const past of pastOrders(options.now ?? new Date(), options.shelf, options.months)) {
    if (sent++ === (options.limit ?? Infinity)) {
      break;
    }
    batch.push(past);
    if (batch.length === BATCH) {
      await send();
    }
  }
  if (batch.length > 0) {
    await send();
  }
  return imported;
}

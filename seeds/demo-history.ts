import { chinaDate } from '@countyflow/kernel';
import { Client } from 'pg';

/*
 * Thirteen months of past trade in 信丰县 (360722) for the county staff dashboard: completed orders of the demo
 * navel-orange cooperative (produce going up to city buyers) and of the demo farm-supply store (goods going down to
 * 大塘埠村益农信息社), with their lines, status history, payments and, in logistics, their completed shipments (legs,
 * scans, hand-ins, temperature readings, receipts, consents) and the nodes they passed.
 *
 * Every row is written by SQL with an id derived from its day and sequence number, so a second run inserts nothing
 * (orders and shipments are inserted ON CONFLICT DO NOTHING, and their children only for those just inserted). The
 * volumes follow a fixed trend: produce grows 35 % a year with the navel orange season (November–January) on top,
 * goods 12 % a year with spring planting and the Spring Festival; a per-day pseudo-random wobble is seeded by the
 * date. The history covers the first day of the month thirteen months back to four days before `now` (China time),
 * so that every order in it was delivered before today.
 *
 * Nothing goes to any outbox: these orders are past and complete. Their events (order.placed … order.completed,
 * shipment.*) were delivered long ago in the story; publishing them now would make catalog sell stock again and
 * logistics create shipments for parcels that were delivered months ago.
 *
 * Nodes are found by their code; the ones missing are created (with fixed ids), so this runs after, and agrees with,
 * a seed that lays out the county network.
 */

const COUNTY = '360722';
const COOP = {
  orgId: 'b0000000-0000-4000-8000-000000000003',
  name: '信丰县安西镇脐橙专业合作社',
  village: '360722105201',
};
const STORE = { orgId: 'b0000000-0000-4000-8000-000000000004', name: '信丰县惠农农资超市' };
const POINT = { orgId: 'b0000000-0000-4000-8000-000000000005', name: '大塘埠村益农信息社', village: '360722101203' };
const COUNTY_OFFICE = 'b0000000-0000-4000-8000-000000000002';
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
const ID = { group: 0xe001, order: 0xe002, line: 0xe003, payment: 0xe004, txn: 0xe005, consent: 0xe006 };
const LID = { shipment: 0xe101, leg: 0xe102, scan: 0xe103, reading: 0xe104, receipt: 0xe105, consent: 0xe106 };
const NODE_IDS: Record<string, string> = {
  [COUNTY]: 'd0000000-0000-4000-8000-000000000301',
  '360722101': 'd0000000-0000-4000-8000-000000000302',
  '360722105': 'd0000000-0000-4000-8000-000000000303',
  [POINT.village]: 'd0000000-0000-4000-8000-000000000304',
  [COOP.village]: 'd0000000-0000-4000-8000-000000000305',
};

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

// ------------------------------------------------------------------ the rows

type Row = Record<string, unknown>;

interface Rows {
  groups: Row[];
  consents: Row[];
  orders: Row[];
  lines: Row[];
  history: Row[];
  payments: Row[];
  transactions: Row[];
  shipments: Row[];
  legs: Row[];
  scans: Row[];
  readings: Row[];
  receipts: Row[];
  shipmentConsents: Row[];
}

const emptyRows = (): Rows => ({
  groups: [],
  consents: [],
  orders: [],
  lines: [],
  history: [],
  payments: [],
  transactions: [],
  shipments: [],
  legs: [],
  scans: [],
  readings: [],
  receipts: [],
  shipmentConsents: [],
});

interface Nodes {
  hub: string;
  coopTown: string;
  pointTown: string;
  coopVillage: string;
  pointVillage: string;
  names: Record<string, string>;
  codes: Record<string, string>;
}

/** One past order, with everything orders and logistics would have recorded of it. */
function addOrder(rows: Rows, nodes: Nodes, date: string, seq: number, up: boolean, today: number): void {
  const roll = random(`${date}:${seq}:${up ? 'up' : 'down'}`);
  const month = Number(date.slice(5, 7));
  const item = up ? pick(PRODUCE, produceWeights(month), roll()) : pick(GOODS, goodsWeights(month), roll());
  const quantity = roll() < (up ? 0.18 : 0.25) ? 2 : 1;
  const totalFen = item.priceFen * quantity;
  const weightGrams = item.weightGrams * quantity;
  const volumeMl = item.volumeMl * quantity;
  const id = (kind: number) => historyId(kind, date, seq);
  const orderId = id(ID.order);
  const groupId = id(ID.group);
  const shipmentId = id(LID.shipment);
  const buyerId = `f0000000-0000-4000-8000-${String(1 + Math.floor(roll() * (up ? 900 : 240)) + (up ? 0 : 1000)).padStart(12, '0')}`;
  const name = `${SURNAMES[Math.floor(roll() * SURNAMES.length)]}${GIVEN[Math.floor(roll() * GIVEN.length)]}`;
  const phone = `1${[3, 5, 8][Math.floor(roll() * 3)]}${String(Math.floor(roll() * 1e9)).padStart(9, '0')}`;
  const cash = !up && roll() < 0.3;
  const chilled = item.chilled;
  const temperature = chilled ? { class: 'chilled', minC: 0, maxC: 4 } : { class: 'ambient', minC: null, maxC: null };
  const destination = up
    ? {
        kind: 'address',
        servicePointOrgId: null,
        address: CITIES[Math.floor(roll() * CITIES.length)],
        recipientName: name,
        recipientPhone: phone,
        agentName: null,
        agentPhone: null,
      }
    : {
        kind: 'service_point',
        servicePointOrgId: POINT.orgId,
        address: null,
        recipientName: name,
        recipientPhone: phone,
        agentName: null,
        agentPhone: null,
      };

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
  const collectBy = up ? null : steps.shelved! + 5 * DAY_MS;
  if (delivered >= today) {
    throw new Error(`history order ${orderId} would be delivered in the future`);
  }

  rows.groups.push({
    id: groupId,
    buyer_id: buyerId,
    placed_by: buyerId,
    destination,
    payment_method: cash ? 'cash_on_collection' : 'online',
    created_at: at(placed),
  });
  if (!up) {
    rows.consents.push({
      id: id(ID.consent),
      group_id: groupId,
      service_point_org_id: POINT.orgId,
      consented_by: buyerId,
      recipient_name: name,
      recipient_phone: phone,
      text:
        `本人同意将包裹投递至「${POINT.name}」代为保管，凭取件码或本人有效证件领取。` +
        ` I agree to have my parcel left at ${POINT.name} and to collect it there with my pickup code.`,
      consented_at: at(placed),
    });
  }
  const transactionId = id(ID.txn);
  const seller = up ? COOP : STORE;
  rows.orders.push({
    id: orderId,
    group_id: groupId,
    buyer_id: buyerId,
    seller_org_id: seller.orgId,
    seller_name: seller.name,
    county_code: COUNTY,
    direction: up ? 'up' : 'down',
    origin_village_code: up ? COOP.village : null,
    status: 'completed',
    destination,
    destination_service_point_org_id: up ? null : POINT.orgId,
    destination_county_code: up ? null : COUNTY,
    payment_method: cash ? 'cash_on_collection' : 'online',
    total_fen: totalFen,
    paid_fen: totalFen,
    temperature,
    weight_tolerance_grams: up ? 200 : null,
    total_weight_grams: weightGrams,
    total_volume_ml: volumeMl,
    payment_due_at: at(reserved + 900_000),
    expiry_scheduled: true,
    paid_at: cash ? null : at(paid),
    payment_transaction_id: cash ? null : transactionId,
    shipment_id: shipmentId,
    dispatched_at: at(dispatched),
    collect_by: collectBy === null ? null : at(collectBy),
    delivered_at: at(delivered),
    receipt: up ? { method: 'carrier', collectedBy: 'carrier' } : { method: 'pickup_code', collectedBy: 'recipient' },
    cash_received_at: cash ? at(delivered) : null,
    cash_received_by: cash ? POINT_OPERATOR.userId : null,
    created_at: at(placed),
    updated_at: at(delivered),
  });
  rows.lines.push({
    id: id(ID.line),
    order_id: orderId,
    position: 0,
    sku_id: item.skuId,
    listing_id: item.listingId,
    title: item.title,
    spec: item.spec,
    quantity,
    shown_unit_price_fen: item.priceFen,
    unit_price_fen: item.priceFen,
    weight_grams: item.weightGrams,
    volume_ml: item.volumeMl,
  });
  const history = (from: string | null, to: string, actorKind: string, actorId: string | null, when: number) =>
    rows.history.push({
      order_id: orderId,
      from_status: from,
      to_status: to,
      actor_kind: actorKind,
      actor_id: actorId,
      reason: null,
      detail: null,
      at: at(when),
    });
  history(null, 'placed', 'buyer', buyerId, placed);
  history('placed', 'awaiting_payment', 'catalog', null, reserved);
  if (cash) {
    history('awaiting_payment', 'paid', 'system', null, reserved + 20);
  } else {
    history('awaiting_payment', 'paid', 'payment_provider', `sim-txn-${orderId}`, paid);
  }
  history('paid', 'in_fulfilment', 'logistics', null, created + 500);
  if (up) {
    history('in_fulfilment', 'out_for_delivery', 'logistics', null, dispatched + 500);
    history('out_for_delivery', 'completed', 'logistics', null, delivered + 500);
  } else {
    history('in_fulfilment', 'ready_for_pickup', 'logistics', null, steps.shelved! + 500);
    history('ready_for_pickup', 'completed', 'logistics', null, delivered + 500);
  }
  if (cash) {
    rows.transactions.push({
      id: transactionId,
      provider: 'cash',
      provider_transaction_id: `cash-${orderId}`,
      payment_id: null,
      group_id: groupId,
      amount_fen: totalFen,
      outcome: 'cash_received',
      detail: `cash taken at the service point by ${POINT_OPERATOR.name}`,
      applied_order_ids: [orderId],
      payload: { receivedBy: POINT_OPERATOR.userId, servicePointOrgId: POINT.orgId },
      received_at: at(delivered),
    });
  } else {
    const paymentId = id(ID.payment);
    rows.payments.push({
      id: paymentId,
      group_id: groupId,
      provider: 'simulated',
      provider_payment_id: `sim-pay-${orderId}`,
      amount_fen: totalFen,
      order_ids: [orderId],
      status: 'succeeded',
      pay_url: null,
      created_by: buyerId,
      created_at: at(paid - 45_000),
      updated_at: at(paid),
    });
    rows.transactions.push({
      id: transactionId,
      provider: 'simulated',
      provider_transaction_id: `sim-txn-${orderId}`,
      payment_id: paymentId,
      group_id: groupId,
      amount_fen: totalFen,
      outcome: 'applied',
      detail: 'payment applied to 1 order',
      applied_order_ids: [orderId],
      payload: { providerPaymentId: `sim-pay-${orderId}`, amountFen: totalFen, status: 'succeeded' },
      received_at: at(paid),
    });
  }

  // ---------------------------------------------------------------- logistics: the completed shipment
  const path = up ? [nodes.coopVillage, nodes.coopTown, nodes.hub] : [nodes.hub, nodes.pointTown, nodes.pointVillage];
  const weighed = up ? weightGrams + Math.round((roll() - 0.5) * 300) : null;
  const parcel = `${COUNTY}-H${date.slice(2).replaceAll('-', '')}${up ? 'U' : 'D'}${String(seq).padStart(3, '0')}`;
  const traceCodes = up ? [`CF${COUNTY}-${date.replaceAll('-', '')}-L${1 + Math.floor(roll() * 4)}`] : [];
  rows.shipments.push({
    id: shipmentId,
    order_id: orderId,
    group_id: groupId,
    buyer_id: buyerId,
    seller_org_id: seller.orgId,
    seller_name: seller.name,
    county_code: COUNTY,
    direction: up ? 'up' : 'down',
    status: 'delivered',
    parcel_code: parcel,
    weight_grams: weightGrams,
    volume_ml: volumeMl,
    temperature_class: temperature.class,
    min_c: temperature.minC,
    max_c: temperature.maxC,
    weight_tolerance_grams: up ? 200 : null,
    origin_village_code: up ? COOP.village : null,
    origin_node_id: up ? nodes.coopVillage : null,
    destination,
    destination_node_id: up ? null : nodes.pointVillage,
    lines: [{ skuId: item.skuId, listingId: item.listingId, title: item.title, quantity, weightGrams, volumeMl }],
    payment: { method: cash ? 'cash_on_collection' : 'online', amountFen: totalFen },
    path,
    position: path.length - 1,
    custody_kind: 'recipient',
    custody_since: at(delivered),
    trace_codes: traceCodes,
    handed_in_weight_grams: weighed,
    shelf: up ? null : 1 + Math.floor(roll() * 3),
    layer: up ? null : 1 + Math.floor(roll() * 4),
    pickup_number: up ? null : String(Math.floor(roll() * 10_000)).padStart(4, '0'),
    pickup_code: null,
    shelved_at: up ? null : at(steps.shelved!),
    collect_by: collectBy === null ? null : at(collectBy),
    carrier: up ? 'simulated' : null,
    waybill_no: up ? `SIM${date.replaceAll('-', '')}${String(seq).padStart(5, '0')}` : null,
    dispatched_at: at(dispatched),
    delivered_at: at(delivered),
    created_at: at(created),
    updated_at: at(delivered),
  });
  path.slice(0, -1).forEach((from, hop) =>
    rows.legs.push({
      id: historyId(LID.leg, date, seq * 10 + hop),
      shipment_id: shipmentId,
      seq: hop,
      hop,
      from_node_id: from,
      to_node_id: path[hop + 1],
      mode: 'run',
      purpose: 'forward',
      status: 'done',
      completed_at: at(up ? [steps.arrivedTown!, steps.arrivedHub][hop] : steps.shelved!),
    }),
  );
  rows.legs.push({
    id: historyId(LID.leg, date, seq * 10 + path.length - 1),
    shipment_id: shipmentId,
    seq: path.length - 1,
    hop: null,
    from_node_id: path[path.length - 1],
    to_node_id: null,
    mode: up ? 'carrier' : 'pickup',
    purpose: 'forward',
    status: 'done',
    completed_at: at(delivered),
  });
  const excursionAt = chilled && roll() < 0.04 ? Math.floor(roll() * 5) : -1;
  let scanSeq = 0;
  const scan = (kind: string, nodeId: string | null, when: number, details: Row | null = null, handOver = false) => {
    const scanId = historyId(LID.scan, date, seq * 10 + scanSeq);
    let temperatureC: number | null = null;
    if (chilled && handOver) {
      const excursion = scanSeq === excursionAt;
      temperatureC = excursion ? 6.5 + Math.round(roll() * 30) / 10 : 1.5 + Math.round(roll() * 20) / 10;
      rows.readings.push({
        id: historyId(LID.reading, date, seq * 10 + scanSeq),
        shipment_id: shipmentId,
        scan_id: scanId,
        node_id: nodeId,
        node_code: nodeId && nodes.codes[nodeId],
        vehicle_id: null,
        reading_c: temperatureC,
        min_c: 0,
        max_c: 4,
        excursion,
        recorded_by: null,
        at: at(when),
      });
    }
    rows.scans.push({
      id: scanId,
      shipment_id: shipmentId,
      seq: scanSeq++,
      kind,
      node_id: nodeId,
      node_code: nodeId && nodes.codes[nodeId],
      node_name: nodeId && nodes.names[nodeId],
      actor_id: null,
      actor_kind: kind === 'carrier_delivered' ? 'carrier' : 'system',
      at: at(when),
      temperature_c: temperatureC,
      details,
    });
  };
  if (up) {
    scan('handed_in', nodes.coopVillage, steps.handedIn!, { weighedGrams: weighed, traceCodes }, true);
    scan('departed', nodes.coopVillage, steps.departedVillage!, null, true);
    scan('arrived', nodes.coopTown, steps.arrivedTown!, null, true);
    scan('departed', nodes.coopTown, steps.departedTown!, null, true);
    scan('arrived', nodes.hub, steps.arrivedHub, null, true);
    scan('handed_to_carrier', nodes.hub, steps.toCarrier!, null, true);
    scan('carrier_delivered', null, delivered, { signedBy: name });
    rows.receipts.push({
      id: id(LID.receipt),
      shipment_id: shipmentId,
      method: 'carrier',
      collected_by: 'carrier',
      collector_name: 'simulated',
      node_id: null,
      operator_id: null,
      evidence: { signedBy: name },
      at: at(delivered),
    });
  } else {
    scan('arrived', nodes.hub, steps.arrivedHub);
    scan('departed', nodes.hub, steps.departedHub!);
    scan('arrived', nodes.pointVillage, steps.shelved!);
    scan('collected', nodes.pointVillage, delivered, { receipt: 'pickup_code', collectedBy: 'recipient' });
    rows.receipts.push({
      id: id(LID.receipt),
      shipment_id: shipmentId,
      method: 'pickup_code',
      collected_by: 'recipient',
      collector_name: name,
      node_id: nodes.pointVillage,
      operator_id: POINT_OPERATOR.userId,
      evidence: { code: 'history', phoneLast4: phone.slice(-4) },
      at: at(delivered),
    });
    rows.shipmentConsents.push({
      id: id(LID.consent),
      shipment_id: shipmentId,
      kind: 'station_delivery',
      subject_name: name,
      subject_phone: phone,
      given_by: buyerId,
      source: 'checkout',
      at: at(placed),
    });
  }
}

// ------------------------------------------------------------------ writing

/** Inserts JSON rows into `table` (only the columns the rows carry), skipping conflicts; the ids inserted. */
async function insert(client: Client, table: string, rows: Row[], returning = 'id'): Promise<Set<string>> {
  const inserted = new Set<string>();
  if (rows.length === 0) {
    return inserted;
  }
  const columns = Object.keys(rows[0]).join(', ');
  for (let start = 0; start < rows.length; start += 2_000) {
    const batch = rows.slice(start, start + 2_000);
    const result = await client.query<Record<string, string>>(
      `INSERT INTO ${table} (${columns})
       SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)
       ON CONFLICT DO NOTHING RETURNING ${returning} AS key`,
      [JSON.stringify(batch)],
    );
    for (const row of result.rows) {
      inserted.add(row.key);
    }
  }
  return inserted;
}

/** The county's hub, the two towns and two village points the history passes; those missing are created. */
async function ensureNodes(client: Client): Promise<Nodes> {
  const specs = [
    { code: COUNTY, level: 'county_hub', name: '信丰县物流配送中心', parent: null, lat: 25.386, lng: 114.922 },
    { code: '360722101', level: 'town_station', name: '大塘埠镇物流站', parent: COUNTY, lat: 25.45, lng: 114.8 },
    { code: '360722105', level: 'town_station', name: '安西镇物流站', parent: COUNTY, lat: 25.25, lng: 114.95 },
    { code: POINT.village, level: 'village_point', name: POINT.name, parent: '360722101', lat: 25.47, lng: 114.78 },
    {
      code: COOP.village,
      level: 'village_point',
      name: '安西镇圳口村服务站',
      parent: '360722105',
      lat: 25.22,
      lng: 114.97,
    },
  ];
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};
  for (const spec of specs) {
    const hub = spec.level === 'county_hub';
    await client.query(
      `INSERT INTO logistics.node (id, code, county_code, level, name, parent_id, latitude, longitude, host_type,
                                   opening_hours, operator_org_id, shelves, layers, slot_capacity, cold_storage,
                                   cold_capacity_litres)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '08:00-20:00', $10, $11, $12, 20, $13, $14)
       ON CONFLICT DO NOTHING`,
      [
        NODE_IDS[spec.code],
        spec.code,
        COUNTY,
        spec.level,
        spec.name,
        spec.parent && ids[spec.parent],
        spec.lat,
        spec.lng,
        hub ? 'county_warehouse' : spec.level === 'town_station' ? 'post_station' : 'yinong_agency',
        hub ? COUNTY_OFFICE : spec.code === POINT.village ? POINT.orgId : null,
        spec.level === 'village_point' ? 3 : 0,
        spec.level === 'village_point' ? 4 : 0,
        hub || spec.code === COOP.village,
        hub ? 20_000 : spec.code === COOP.village ? 2_000 : null,
      ],
    );
    const found = await client.query<{ id: string; name: string }>(
      'SELECT id, name FROM logistics.node WHERE code = $1',
      [spec.code],
    );
    ids[spec.code] = found.rows[0].id;
    names[found.rows[0].id] = found.rows[0].name;
  }
  return {
    hub: ids[COUNTY],
    pointTown: ids['360722101'],
    coopTown: ids['360722105'],
    pointVillage: ids[POINT.village],
    coopVillage: ids[COOP.village],
    names,
    codes: Object.fromEntries(Object.entries(ids).map(([code, id]) => [id, code])),
  };
}

/** How many orders a day has, up or down: the trend, the month's weight and the day's wobble. */
function ordersOn(date: string, up: boolean): number {
  const trend = up ? UP : DOWN;
  const yearsAgo = (TREND_EPOCH - Date.parse(date)) / (365 * DAY_MS);
  const wobble = 0.85 + 0.3 * random(`${date}:${up ? 'up' : 'down'}:count`)();
  const month = Number(date.slice(5, 7));
  return Math.round(trend.base * trend.season[month - 1] * trend.yearlyGrowth ** -yearsAgo * wobble);
}

/**
 * Writes the demo county's past year of completed orders and shipments; idempotent (a second run inserts nothing).
 * `now` is only for tests; the history always ends four days before it.
 */
export async function seedHistory(client: Client, now: Date = new Date()): Promise<{ orders: number }> {
  const todayDate = chinaDate(now);
  const todayStart = chinaMidnight(todayDate);
  const [year, month] = todayDate.split('-').map(Number);
  const firstMonth = new Date(Date.UTC(year, month - 1 - 13, 1)).toISOString().slice(0, 10);
  const lastDay = addDays(todayDate, -SETTLED_DAYS);
  const nodes = await ensureNodes(client);
  let orders = 0;
  for (let monthStart = firstMonth; monthStart <= lastDay;) {
    const monthEnd = new Date(Date.UTC(Number(monthStart.slice(0, 4)), Number(monthStart.slice(5, 7)), 1))
      .toISOString()
      .slice(0, 10);
    const rows = emptyRows();
    for (let date = monthStart; date < monthEnd && date <= lastDay; date = addDays(date, 1)) {
      const up = ordersOn(date, true);
      const down = ordersOn(date, false);
      for (let seq = 0; seq < up + down; seq++) {
        addOrder(rows, nodes, date, seq, seq < up, todayStart);
      }
    }
    orders += await writeMonth(client, rows);
    monthStart = monthEnd;
  }
  return { orders };
}

/** One month in one transaction: orders first (the ones already there are skipped), then what belongs to them. */
async function writeMonth(client: Client, rows: Rows): Promise<number> {
  await client.query('BEGIN');
  try {
    await insert(client, 'orders.order_group', rows.groups);
    const fresh = await insert(client, 'orders.customer_order', rows.orders);
    const ofFresh = (list: Row[], key = 'order_id') => list.filter((row) => fresh.has(row[key] as string));
    const freshGroups = new Set(rows.orders.filter((row) => fresh.has(row.id as string)).map((row) => row.group_id));
    await insert(
      client,
      'orders.station_consent',
      rows.consents.filter((row) => freshGroups.has(row.group_id)),
    );
    await insert(client, 'orders.order_line', ofFresh(rows.lines));
    await insert(client, 'orders.order_history', ofFresh(rows.history), 'seq::text');
    await insert(
      client,
      'orders.payment',
      rows.payments.filter((row) => freshGroups.has(row.group_id)),
    );
    await insert(
      client,
      'orders.payment_transaction',
      rows.transactions.filter((row) => freshGroups.has(row.group_id)),
    );
    const shipments = await insert(client, 'logistics.shipment', ofFresh(rows.shipments));
    const ofShipments = (list: Row[]) => list.filter((row) => shipments.has(row.shipment_id as string));
    await insert(client, 'logistics.shipment_leg', ofShipments(rows.legs));
    await insert(client, 'logistics.scan', ofShipments(rows.scans));
    await insert(client, 'logistics.temperature_reading', ofShipments(rows.readings));
    await insert(client, 'logistics.receipt_record', ofShipments(rows.receipts));
    await insert(client, 'logistics.consent_record', ofShipments(rows.shipmentConsents));
    await client.query('COMMIT');
    return fresh.size;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

import { chinaDate } from '@countyflow/kernel';
import type { ListingResponseDto } from '../apps/catalog/src/listing/listing.dto';
import type { LotResponseDto } from '../apps/catalog/src/lot/lot.dto';
import type { NodeResponseDto } from '../apps/logistics/src/network/network.dto';
import type { RunResponseDto } from '../apps/logistics/src/run/run.dto';
import type { ShipmentSummaryDto } from '../apps/logistics/src/shipment/shipment.dto';
import type { OrderGroupResponseDto, OrderResponseDto } from '../apps/orders/src/order/order.dto';
import type { PaymentResponseDto } from '../apps/orders/src/payment/payment.dto';
import { TODAY_DONE_BASKET, waitUntil } from './demo-check';
import { SELLERS } from './demo-county-catalog';
import { COUNTY_HUB, DRIVER_PLATE, VILLAGES } from './demo-county-network';
import {
  ALL_USERS,
  COUNTY_STAFF,
  DEMO_COUNTY,
  DEMO_DRIVER,
  DEMO_USERS,
  DemoUser,
  operatorOrgIdOf,
  ownerOf,
  sellerOrgIdOf,
} from './demo-identity';
import { Api, ApiError, login } from './demo-services';

/*
 * Today's work in the demo county, made through the services' APIs as the people would act, so that every demo
 * login lands on something to do on the day the platform starts:
 *
 * - buyers place and pay orders (a villager of 大塘埠村 pays one in cash on collection); catalog reserves the stock,
 *   the buyers pay through the simulated provider, logistics opens a parcel for each order;
 * - some sellers hand in: produce at its village point (weighed, with its lot's trace code), goods at the county hub;
 *   others have not yet (their orders wait in the seller console, the hub and the points see them due in);
 * - county staff plan the day's runs; the driver's refrigerated van takes the parcels for 大塘埠村 and the oranges
 *   of 游州村 (moved onto her run by county staff), the hub loads and dispatches it, she drops the parcels at 大塘埠村
 *   (shelved: the villager collects them, one with cash) and collects the oranges at 游州村 (due in at the 嘉定镇
 *   station on their way to the hub); the rest of her run, and the other vans' runs, are still to do.
 *
 * Idempotent for a day: every basket has an idempotency key of the day, and every step first looks at the state
 * (an order already paid, a parcel already handed in, a day already planned, a run already dispatched, a parcel
 * already dropped…) and does nothing when it is done. A later day makes that day's work.
 */

/** Where a basket goes: a village point (by village code) or a city address. */
type Destination = { village: string; cash?: boolean } | 'city';

interface Basket {
  key: string;
  buyer: DemoUser;
  seller: string;
  quantity: number;
  to: Destination;
  /** The seller has handed the parcel in today. */
  handedIn: boolean;
}

const byPhone = (phone: string): DemoUser => {
  const user = ALL_USERS.find((candidate) => candidate.phone === phone);
  if (!user) {
    throw new Error(`no demo account ${phone}`);
  }
  return user;
};
const villagerOf = (code: string): DemoUser => {
  const village = VILLAGES.find((candidate) => candidate.code === code)!;
  const user = ALL_USERS.find((candidate) => candidate.role === `villager of ${village.name}`);
  if (!user) {
    throw new Error(`no villager of ${code}`);
  }
  return user;
};

export const DATANGBU = '360722101203';
export const ANXI = '360722105201';
export const YOUZHOU = '360722100201';
export const XINTIAN_GOAT = '360722104204';
export const JIADING_STATION = '360722100';

const WANG_XIUYING = DEMO_USERS[6];
const LI_XIANG = DEMO_USERS[5];
const LU_CHANGSHENG = byPhone('15251279530');

const BASKETS: Basket[] = [
  // goods down to 大塘埠村, on the driver's run: dropped and shelved there today, one to be paid in cash
  {
    key: 'datangbu-urea',
    buyer: WANG_XIUYING,
    seller: 'merchant-huinong',
    quantity: 1,
    to: { village: DATANGBU, cash: true },
    handedIn: true,
  },
  {
    key: 'datangbu-powder',
    buyer: WANG_XIUYING,
    seller: 'merchant-wanjiafu-market',
    quantity: 2,
    to: { village: DATANGBU },
    handedIn: true,
  },
  // goods down to 安西村, at the hub for the west line's van
  {
    key: 'anxi-washer',
    buyer: villagerOf(ANXI),
    seller: 'merchant-jiading-appliance',
    quantity: 1,
    to: { village: ANXI },
    handedIn: true,
  },
  // goods the merchant has still to bring to the hub
  {
    key: 'youzhou-urea',
    buyer: villagerOf(YOUZHOU),
    seller: 'merchant-huinong',
    quantity: 1,
    to: { village: YOUZHOU },
    handedIn: false,
  },
  // produce up to the cities: handed in at 安西村 (for the west line), still with the cooperative, at 游州村 (the
  // driver collects it), frozen mutton at 新田镇 (a stop of the driver's still to come)
  { key: 'anxi-oranges', buyer: LI_XIANG, seller: 'coop-anxi-orange', quantity: 1, to: 'city', handedIn: true },
  { key: 'anxi-oranges-2', buyer: LU_CHANGSHENG, seller: 'coop-anxi-orange', quantity: 2, to: 'city', handedIn: false },
  { key: 'youzhou-oranges', buyer: LI_XIANG, seller: 'coop-jiading-orange', quantity: 1, to: 'city', handedIn: true },
  { key: 'xintian-mutton', buyer: LU_CHANGSHENG, seller: 'farm-xintian-goat', quantity: 1, to: 'city', handedIn: true },
  // more sellers of the README's logins with an order to pack
  {
    key: 'melonseed',
    buyer: LU_CHANGSHENG,
    seller: 'coop-datangbu-melonseed',
    quantity: 1,
    to: 'city',
    handedIn: false,
  },
  { key: 'kiwi', buyer: LI_XIANG, seller: 'farm-xiaohe-kiwi', quantity: 1, to: 'city', handedIn: false },
];

const CITY_ADDRESS = {
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园南区 8 栋 1201',
  postalCode: '518057',
};
/** What a reading says when cold goods change hands. */
const READING: Record<string, number | undefined> = { chilled: 2.5, frozen: -18.5, range: 12 };
const DEADLINE_MS = 120_000;

export interface TodayApis {
  identity: Api;
  catalog: Api;
  orders: Api;
  logistics: Api;
}

export interface TodayReport {
  date: string;
  /** Today's baskets (placed by this run or an earlier one today). */
  orders: number;
  paid: number;
  handedIn: number;
  planned: boolean;
  dispatched: boolean;
  dropped: number;
  collected: number;
}

interface Parcel {
  basket: Basket;
  order: OrderResponseDto;
  groupId: string;
  shipment: ShipmentSummaryDto;
}

/** Makes today's work (China time of `now`); see the comment at the top. */
export async function seedToday(
  apis: TodayApis,
  log: (message: string) => void,
  now = new Date(),
): Promise<TodayReport> {
  const date = chinaDate(now);
  const report: TodayReport = {
    date,
    orders: BASKETS.length,
    paid: 0,
    handedIn: 0,
    planned: false,
    dispatched: false,
    dropped: 0,
    collected: 0,
  };
  const tokens = new Map<string, Promise<string>>();
  const as = (api: Api, user: DemoUser): Promise<Api> => {
    if (!tokens.has(user.phone)) {
      tokens.set(user.phone, login(apis.identity, user.phone));
    }
    return tokens.get(user.phone)!.then((token) => api.as(token));
  };
  const staff = await as(apis.logistics, COUNTY_STAFF);
  const nodes = new Map(
    (await staff.get<NodeResponseDto[]>('/nodes', { countyCode: DEMO_COUNTY.code })).map((node) => [node.code, node]),
  );
  const nodeId = (code: string) => nodes.get(code)!.id;

  // ---- buyers place their baskets (one idempotency key per basket and day) and pay
  const skus = await firstSkus(await as(apis.catalog, COUNTY_STAFF));
  const parcels: Parcel[] = [];
  for (const basket of BASKETS) {
    const orders = await as(apis.orders, basket.buyer);
    const destination =
      basket.to === 'city'
        ? {
            kind: 'address',
            address: CITY_ADDRESS,
            recipientName: basket.buyer.name,
            recipientPhone: basket.buyer.phone,
          }
        : {
            kind: 'service_point',
            servicePointOrgId: operatorOrgIdOf(basket.to.village),
            consentToStationDelivery: true,
            recipientName: basket.buyer.name,
            recipientPhone: basket.buyer.phone,
          };
    const cash = basket.to !== 'city' && basket.to.cash === true;
    const group = await orders.post<OrderGroupResponseDto>(
      '/checkout',
      {
        lines: [{ skuId: skus.get(basket.seller)!, quantity: basket.quantity }],
        destination,
        ...(cash ? { paymentMethod: 'cash_on_collection' } : {}),
      },
      { 'idempotency-key': `demo-today-${date}-${basket.key}` },
    );
    const order = await waitUntil(
      `catalog to reserve the stock of ${basket.key}`,
      async () => {
        const seen = await orders.get<OrderResponseDto>(`/orders/${group.orders[0].id}`);
        return String(seen.status) !== 'placed' && seen;
      },
      DEADLINE_MS,
    );
    if (String(order.status) === 'rejected') {
      throw new Error(`catalog rejected today's basket ${basket.key}: out of stock?`);
    }
    if (String(order.status) === 'awaiting_payment') {
      const payment = await orders.post<PaymentResponseDto>(`/order-groups/${group.id}/payments`, {});
      await apis.orders.post(`/payments/simulator/${payment.providerPaymentId}/pay`, {});
      report.paid += 1;
    }
    parcels.push({ basket, order, groupId: group.id, shipment: undefined as unknown as ShipmentSummaryDto });
  }
  // the saga: paid (or accepted for cash), logistics opens the parcel
  for (const parcel of parcels) {
    const logistics = await as(apis.logistics, parcel.basket.buyer);
    parcel.shipment = await waitUntil(
      `the parcel of today's basket ${parcel.basket.key}`,
      async () => {
        try {
          return await logistics.get<ShipmentSummaryDto>(`/orders/${parcel.order.id}/shipment`);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) {
            return null;
          }
          throw error;
        }
      },
      DEADLINE_MS,
    );
  }
  log(`today (${date}): ${parcels.length} orders with their parcels, ${report.paid} paid by this run`);

  // ---- sellers hand in: produce at its village point, goods at the hub
  const hubOperator = await as(apis.logistics, ownerOf(COUNTY_HUB.code));
  const catalogStaff = await as(apis.catalog, COUNTY_STAFF);
  for (const parcel of parcels.filter((candidate) => candidate.basket.handedIn)) {
    if (String(parcel.shipment.status) !== 'awaiting_handover') {
      continue;
    }
    const cold = READING[parcel.shipment.temperatureClass];
    if (parcel.basket.to === 'city') {
      const village = SELLERS.find((seller) => seller.key === parcel.basket.seller)!.villageCode!;
      const operator = await as(apis.logistics, ownerOf(village));
      await operator.post(
        `/points/${nodeId(village)}/hand-ins`,
        {
          shipmentId: parcel.shipment.id,
          weighedGrams: parcel.shipment.weightGrams,
          traceCodes: [await lotToSend(catalogStaff, parcel.order.lines[0].listingId, date)],
          ...(cold === undefined ? {} : { temperatureC: cold }),
        },
        { 'idempotency-key': `demo-today-${date}-hand-in-${parcel.shipment.id}` },
      );
    } else {
      await hubOperator.post(
        `/nodes/${nodeId(COUNTY_HUB.code)}/arrivals`,
        { shipmentId: parcel.shipment.id, source: 'seller', ...(cold === undefined ? {} : { temperatureC: cold }) },
        { 'idempotency-key': `demo-today-${date}-hub-in-${parcel.shipment.id}` },
      );
    }
    report.handedIn += 1;
  }

  // ---- county staff plan the day (once: a day with runs is planned already)
  const countyStaff = staff;
  let runs = await countyStaff.get<RunResponseDto[]>('/runs', { countyCode: DEMO_COUNTY.code, date });
  if (runs.length === 0) {
    await countyStaff.post('/runs/plan', { countyCode: DEMO_COUNTY.code, date });
    runs = await countyStaff.get<RunResponseDto[]>('/runs', { countyCode: DEMO_COUNTY.code, date });
    report.planned = true;
  }
  let run = runs.find((candidate) => candidate.vehiclePlate === DRIVER_PLATE);
  if (!run) {
    throw new Error(`the plan of ${date} gave the driver's van ${DRIVER_PLATE} no run`);
  }
  const parcelOf = (key: string) => parcels.find((parcel) => parcel.basket.key === key)!.shipment;
  const drops = [parcelOf('datangbu-urea'), parcelOf('datangbu-powder')];
  const collection = parcelOf(TODAY_DONE_BASKET);
  const manifest = (current: RunResponseDto) =>
    new Map(current.stops.flatMap((stop) => [...stop.drop, ...stop.collect]).map((item) => [item.shipmentId, item]));

  // ---- her run: county staff put 大塘埠村's parcels and 游州村's oranges on it; the hub loads and dispatches it
  if (String(run.status) === 'planned') {
    for (const shipment of [...drops, collection]) {
      if (!manifest(run).has(shipment.id)) {
        run = await countyStaff.post<RunResponseDto>(`/runs/${run.id}/items`, { shipmentId: shipment.id });
      }
    }
    for (const stop of run.stops) {
      for (const item of stop.drop.filter((candidate) => candidate.state === 'waiting')) {
        await hubOperator.post(
          `/runs/${run.id}/load`,
          { shipmentId: item.shipmentId },
          {
            'idempotency-key': `demo-today-${date}-load-${item.shipmentId}`,
          },
        );
      }
    }
    run = (await hubOperator.post<{ run: RunResponseDto }>(`/runs/${run.id}/dispatch`, { temperatureC: 2.5 })).run;
    report.dispatched = true;
  }

  // ---- the driver drops at 大塘埠村 and collects at 游州村
  const driver = await as(apis.logistics, DEMO_DRIVER);
  for (const shipment of drops) {
    if (manifest(run).get(shipment.id)?.state === 'on_board') {
      await driver.post(
        `/runs/${run.id}/stops/${nodeId(DATANGBU)}/drops`,
        { shipmentId: shipment.id },
        {
          'idempotency-key': `demo-today-${date}-drop-${shipment.id}`,
        },
      );
      report.dropped += 1;
    }
  }
  if (manifest(run).get(collection.id)?.state === 'waiting') {
    await driver.post(
      `/runs/${run.id}/stops/${nodeId(YOUZHOU)}/collections`,
      { shipmentId: collection.id },
      {
        'idempotency-key': `demo-today-${date}-collect-${collection.id}`,
      },
    );
    report.collected += 1;
  }
  log(
    `today (${date}): ${report.handedIn} handed in, ${report.planned ? 'planned the day, ' : ''}` +
      `${report.dispatched ? `dispatched ${DRIVER_PLATE}, ` : ''}${report.dropped} dropped, ${report.collected} collected`,
  );
  return report;
}

/** The SKU of each seller's first listing (county staff see every listing of the county). */
async function firstSkus(catalog: Api): Promise<Map<string, string>> {
  const skus = new Map<string, string>();
  for (const key of new Set(BASKETS.map((basket) => basket.seller))) {
    const seller = SELLERS.find((candidate) => candidate.key === key)!;
    const listings = await catalog.get<ListingResponseDto[]>('/listings', { sellerOrgId: sellerOrgIdOf(key) });
    const listing = listings.find((candidate) => candidate.title === seller.listings[0].title);
    if (!listing || String(listing.status) !== 'published') {
      throw new Error(`${seller.name} has no published listing ${seller.listings[0].title}`);
    }
    skus.set(key, listing.skus[0].id);
  }
  return skus;
}

/** The trace code of a lot of the listing that can still be sent today (the one kept longest). */
async function lotToSend(catalog: Api, listingId: string, date: string): Promise<string> {
  const lots = (await catalog.get<LotResponseDto[]>(`/listings/${listingId}/lots`))
    .filter((lot) => lot.bestBefore === null || lot.bestBefore >= date)
    .sort((a, b) => (b.bestBefore ?? '9999').localeCompare(a.bestBefore ?? '9999'));
  if (lots.length === 0) {
    throw new Error(`listing ${listingId} has no lot that can be sent on ${date}`);
  }
  return lots[0].traceCode;
}

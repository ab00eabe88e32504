import { MembershipClaim, Principal } from '@countyflow/auth';
import {
  EventName,
  FlowDirection,
  ListingChanged,
  MembershipRole,
  OrganisationKind,
  ServiceName,
  TemperatureClass,
} from '@countyflow/contracts';
import { MediumTest } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { CheckoutService } from '../../../apps/orders/src/checkout/checkout.service';
import { loadOrdersConfig } from '../../../apps/orders/src/orders.config';
import { ORDERS_DOMAIN_PROVIDERS, ORDERS_ENTITIES } from '../../../apps/orders/src/orders.module';
import { PaymentService } from '../../../apps/orders/src/payment/payment.service';
import { SimulatedPaymentProvider } from '../../../apps/orders/src/payment/simulated-payment.provider';
import { PayeeKind } from '../../../apps/orders/src/settlement/settlement.entities';
import { SettlementService } from '../../../apps/orders/src/settlement/settlement.service';
import { cityAddress } from '../../orders/support';

export const COUNTY = '360722';

/**
 * The orders service's rules on a real database: its services and repositories, its event handlers behind the
 * inbox (no queue: `deliver` hands them an event), no HTTP, no scheduled rounds (no task scheduler runs: tests run
 * `task.runOnce()` themselves, or wait with `task.idle()` for the round a commit nudged).
 */
export function startOrders(): Promise<MediumTest> {
  return MediumTest.create(process.env, {
    service: ServiceName.Orders,
    persistence: { schema: 'orders', entities: ORDERS_ENTITIES },
    config: (env) => loadOrdersConfig(env, { port: 0 }),
    env: {
      REFUND_INTERVAL_MS: '3600000',
      PAYOUT_INTERVAL_MS: '3600000',
      PAYMENT_WEBHOOK_SECRET: 'medium-payment-webhook-secret-01',
    },
    inbox: true,
    providers: ORDERS_DOMAIN_PROVIDERS,
  });
}

export const principal = (memberships: MembershipClaim[] = [], name = '城市买家'): Principal =>
  new Principal(randomUUID(), name, randomUUID(), memberships);

export const countyStaff = (countyCode = COUNTY): Principal =>
  principal(
    [{ orgId: randomUUID(), orgKind: OrganisationKind.CountyOffice, countyCode, role: MembershipRole.CountyStaff }],
    '县商务局',
  );

export const sellerOwner = (orgId: string): Principal =>
  principal([{ orgId, orgKind: OrganisationKind.Cooperative, countyCode: COUNTY, role: MembershipRole.Owner }], '社长');

/** A seller verified by identity (org.verified, as identity publishes it). */
export async function verifiedSeller(t: MediumTest, kind = OrganisationKind.Cooperative): Promise<string> {
  const orgId = randomUUID();
  await t.deliver(EventName.OrgVerified, {
    orgId,
    kind,
    name: '安西镇脐橙专业合作社',
    countyCode: COUNTY,
    villageCode: `${COUNTY}100201`,
    creditCode: null,
    decidedBy: randomUUID(),
    reason: null,
  });
  return orgId;
}

/** A published listing of the seller with one SKU at `priceFen` (listing.changed, as catalog publishes it). */
export async function publishedListing(
  t: MediumTest,
  sellerOrgId: string,
  { priceFen = 6800, purchasable = true }: { priceFen?: number; purchasable?: boolean } = {},
): Promise<ListingChanged> {
  const listing: ListingChanged = {
    listingId: randomUUID(),
    version: 1,
    sellerOrgId,
    sellerName: '安西镇脐橙专业合作社',
    countyCode: COUNTY,
    direction: FlowDirection.Up,
    title: '赣南脐橙',
    purchasable,
    status: 'published',
    temperature: { class: TemperatureClass.Chilled, minC: 0, maxC: 4 },
    originVillageCode: `${COUNTY}100201`,
    weightToleranceGrams: 200,
    skus: [{ skuId: randomUUID(), spec: '5 kg 箱', priceFen, weightGrams: 5000, volumeMl: 20_000, barcode: null }],
  };
  await t.deliver(EventName.ListingChanged, listing, { producer: ServiceName.Catalog });
  return listing;
}

export interface DeliveredOrderOptions {
  quantity?: number;
  /** An assisted order placed by this service point operator for a villager (with `point`). */
  operator?: Principal;
  point?: string;
}

/** A seller with a listing at 50 yuan, whose owner said where to be paid (`payee`: the simulator by default). */
export async function sellerWithPayee(
  t: MediumTest,
  payee?: { kind: PayeeKind; account: string },
): Promise<{ seller: string; skuId: string }> {
  const seller = await verifiedSeller(t);
  const skuId = (await publishedListing(t, seller, { priceFen: 5000 })).skus[0].skuId;
  await t
    .get(SettlementService)
    .setPayee(sellerOwner(seller), seller, payee ?? { kind: 'simulated', account: `coop-${seller.slice(0, 8)}` });
  return { seller, skuId };
}

/** An order paid online (through the simulator) and delivered: picked up with its code. */
export async function deliveredOrder(
  t: MediumTest,
  buyer: Principal,
  skuId: string,
  options: DeliveredOrderOptions = {},
): Promise<string> {
  const quantity = options.quantity ?? 2;
  const lines = [{ skuId, quantity }];
  const { group } = options.operator
    ? await t
        .get(CheckoutService)
        .assisted(
          options.operator,
          { servicePointOrgId: options.point!, villager: { name: '李大爷', phone: '13800000001' }, lines },
          undefined,
        )
    : await t.get(CheckoutService).checkout(buyer, { lines, destination: cityAddress() }, undefined);
  const orderId = group.orders[0].id;
  await t.deliver(
    EventName.StockReserved,
    { orderId, lines: [{ skuId, quantity, unitPriceFen: 5000 }] },
    { producer: ServiceName.Catalog },
  );
  const payments = t.get(PaymentService);
  const payment = await payments.create(options.operator ?? buyer, group.id);
  const webhook = t.get(SimulatedPaymentProvider).paymentSucceededWebhook(payment.providerPaymentId);
  await payments.webhook(Buffer.from(webhook.body), webhook.headers);
  const shipment = { shipmentId: orderId, orderId, at: new Date().toISOString() };
  const logistics = { producer: ServiceName.Logistics };
  await t.deliver(EventName.ShipmentCreated, shipment, logistics);
  await t.deliver(
    EventName.ShipmentDelivered,
    { ...shipment, receipt: { method: 'pickup_code', collectedBy: 'recipient' } },
    logistics,
  );
  return orderId;
}

/** The buyer's confirmation of receipt happened `hours` ago (time travel for the claim window). */
export const confirmedAgo = (t: MediumTest, orderId: string, hours: number): Promise<unknown> =>
  t.rows(`UPDATE customer_order SET receipt_confirmed_at = now() - make_interval(hours => $2) WHERE id = $1`, [
    orderId,
    hours,
  ]);

export { cityAddress };

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
import { loadOrdersConfig } from '../../../apps/orders/src/orders.config';
import { ORDERS_DOMAIN_PROVIDERS, ORDERS_ENTITIES } from '../../../apps/orders/src/orders.module';

export const COUNTY = '360722';

/**
 * The orders service's rules on a real database: its services and repositories, its event handlers behind the
 * inbox (no queue: `deliver` hands them an event), no HTTP, no sweepers (the refund runner's timer is set an hour
 * out; tests run `refunds.task.runOnce()` themselves).
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

export { cityAddress } from '../../orders/support';

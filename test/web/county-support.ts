import { OrganisationKind } from '@countyflow/contracts';
import { uniqueCreditCode, waitFor } from '@countyflow/testing';
import {
  cityAddress,
  COUNTY,
  expectStatus,
  get,
  identityUrl,
  listProduct,
  payGroup,
  person,
  placeWhenKnown,
  post,
  waitForOrder,
  World,
} from '../journeys/support';
import { Actor, relogin } from '../support/actors';

/*
 * The county staff console's browser test: what happens outside the county staff's browser goes through the
 * gateway's API as the other parties' apps would do it (a cooperative applies, sells, a buyer pays).
 */

const WAIT = { timeoutMs: 20_000, intervalMs: 100 };

/** A cooperative registers itself through identity: it waits for verification (`pending`). */
export async function cooperativeApplies(
  world: World,
  spec: { name: string; ownerName: string; villageCode?: string },
): Promise<Actor & { orgId: string; creditCode: string }> {
  const owner = await person(world, spec.ownerName);
  const creditCode = uniqueCreditCode();
  const created = expectStatus(
    await post(
      world,
      '/api/identity/organisations',
      {
        kind: OrganisationKind.Cooperative,
        name: spec.name,
        countyCode: COUNTY,
        villageCode: spec.villageCode ?? `${COUNTY}100201`,
        creditCode,
        contactPhone: owner.phone,
      },
      owner,
    ),
    201,
    `registering ${spec.name}`,
  );
  expect(created.body).toMatchObject({ status: 'pending', kind: 'cooperative', countyCode: COUNTY });
  return { ...owner, orgId: created.body.id as string, creditCode };
}

/** The organisation as identity has it (county staff read it). */
export async function organisationOf(world: World, staff: Actor, orgId: string): Promise<{ status: string }> {
  return expectStatus(await get(world, `/api/identity/organisations/${orgId}`, staff), 200, `organisation ${orgId}`)
    .body;
}

/** Waits until catalog's public copy of the seller says `status` (org.verified / org.suspended crossed over). */
export async function catalogSellerIs(world: World, orgId: string, status: string): Promise<{ name: string }> {
  return waitFor(
    async () => {
      const response = await get(world, `/api/catalog/sellers/${orgId}`);
      return response.status === 200 && response.body.status === status && response.body;
    },
    { ...WAIT, what: `catalog to show seller ${orgId} as ${status}` },
  );
}

/**
 * The (now verified) cooperative lists a product and a buyer in the city orders and pays for it: one real paid
 * order, so that the county's figures are not all zeros. Returns the order's total.
 */
export async function paidOrderFrom(world: World, owner: Actor): Promise<{ orderId: string; totalFen: number }> {
  const seller = { ...(await relogin(identityUrl(world), owner)), orgId: owner.orgId };
  const listing = await listProduct(world, seller, {
    categoryId: 'citrus',
    title: '赣南脐橙 5斤装 县级看板测试',
    description: '信丰安西镇果园现摘，果肉细嫩化渣。',
    originVillageCode: `${COUNTY}100201`,
    sku: { spec: '5斤装', priceFen: 4990, weightGrams: 2500, volumeMl: 6000, initialStock: 50 },
  });
  const buyer = await person(world, '陈晓');
  const group = await placeWhenKnown(world, buyer, '/api/orders/checkout', {
    lines: [{ skuId: listing.skuId, quantity: 2 }],
    destination: cityAddress('陈晓', buyer.phone),
  });
  const orderId = group.orders[0].id;
  await waitForOrder(world, buyer, orderId, 'awaiting_payment');
  await payGroup(world, buyer, group.id);
  const paid = await waitForOrder(world, buyer, orderId, 'paid', 'in_fulfilment');
  return { orderId, totalFen: paid.totalFen };
}

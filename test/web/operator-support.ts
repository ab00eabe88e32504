import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import {
  addMember,
  buildNetwork,
  COUNTY,
  expectStatus,
  listProduct,
  NodeBody,
  payGroup,
  person,
  placeWhenKnown,
  planRuns,
  post,
  servicePoint,
  shipmentOf,
  ShipmentView,
  verifiedOrganisation,
  verifiedSeller,
  waitForOrder,
  World,
} from '../journeys/support';
import { Actor } from '../support/actors';

/** 安西镇元和村: the village of the service point in the operator's browser test. */
export const YUANHE_VILLAGE = `${COUNTY}100203`;

export interface PointWithParcel {
  /** The owner of 元和村供销便民服务站 and the operator who works its counter. */
  pointOwner: Actor;
  operator: Actor;
  point: NodeBody;
  hub: NodeBody;
  merchant: Actor;
  villager: Actor;
  orderId: string;
  shipment: ShipmentView;
  runId: string;
}

/**
 * Everything before the operator's day, through the gateway as the journeys do it: a verified service point with
 * an operator and its node in the county network, a verified merchant with goods, a villager's order to the point
 * paid online, the parcel at the hub and dispatched on today's run towards the point (so the point expects it).
 */
export async function pointWithParcelOnTheWay(world: World): Promise<PointWithParcel> {
  // the point (with its operator and its node) and the merchant (with its goods) come about side by side
  const pointSide = async () => {
    const owner = await verifiedOrganisation(world, {
      kind: OrganisationKind.ServicePoint,
      name: '信丰县安西镇元和村供销便民服务站',
      ownerName: '邱国强',
      villageCode: YUANHE_VILLAGE,
    });
    const [member, network] = await Promise.all([
      addMember(world, owner, '邱小燕', MembershipRole.Operator),
      buildNetwork(world, [
        {
          code: YUANHE_VILLAGE,
          name: '元和村供销便民服务站',
          hostType: 'supply_coop',
          latitude: 25.2,
          longitude: 114.99,
          operatorOrgId: owner.orgId!,
        },
      ]),
    ]);
    return { owner, member, network };
  };
  const merchantSide = async () => {
    const seller = await verifiedSeller(world, {
      kind: OrganisationKind.Merchant,
      name: '信丰县丰收农资连锁店',
      ownerName: '温建华',
    });
    const listing = await listProduct(world, seller, {
      categoryId: 'fertiliser',
      title: '史丹利 复合肥 硫酸钾型 15-15-15',
      description: '脐橙、蔬菜通用复合肥，县城仓库直发到村服务站。',
      sku: { spec: '25kg 袋', priceFen: 13_500, weightGrams: 25_000, volumeMl: 30_000, initialStock: 50 },
    });
    return { seller, listing };
  };
  const [{ owner: pointOwner, member: operator, network }, { seller: merchant, listing: fertiliser }, villager] =
    await Promise.all([pointSide(), merchantSide(), person(world, '王秀英')]);

  const group = await placeWhenKnown(world, villager, '/api/orders/checkout', {
    lines: [{ skuId: fertiliser.skuId, quantity: 1 }],
    destination: servicePoint(pointOwner.orgId!, '王秀英', villager.phone),
  });
  const [order] = group.orders;
  await waitForOrder(world, villager, order.id, 'awaiting_payment');
  await payGroup(world, villager, group.id);
  const shipment = await shipmentOf(world, order.id, villager);

  // the merchant delivers to the hub, and today's run leaves with it for the village
  expectStatus(
    await post(
      world,
      `/api/logistics/shipments/${shipment.id}/scans`,
      { kind: 'arrived', nodeId: network.hub.id },
      world.staff,
    ),
    201,
    'arrival at the hub',
  );
  const [run] = await planRuns(world, [shipment.id]);
  expectStatus(await post(world, `/api/logistics/runs/${run.id}/dispatch`, {}, world.staff), 200, 'dispatching');

  return {
    pointOwner,
    operator,
    point: network.points[YUANHE_VILLAGE],
    hub: network.hub,
    merchant,
    villager,
    orderId: order.id,
    shipment,
    runId: run.id,
  };
}

/** Another well-formed pickup code for the same slot, which is not the parcel's. */
export function wrongCodeFor(code: string): string {
  const [shelf, layer, number] = code.split('-');
  return `${shelf}-${layer}-${String((Number(number) + 4321) % 10_000).padStart(4, '0')}`;
}

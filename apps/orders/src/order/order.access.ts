import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { Actor, ActorKind } from '../common/actor';
import { Order } from './order.entities';

const POINT_HANDS = [MembershipRole.Operator, MembershipRole.Owner];

/** The buyer, or an operator of the service point that placed the order for a villager. */
export function isBuyerOf(principal: Principal, order: Pick<Order, 'buyerId' | 'assistedByOrgId'>): boolean {
  return (
    principal.userId === order.buyerId ||
    (order.assistedByOrgId !== null && principal.isMemberOf(order.assistedByOrgId, POINT_HANDS))
  );
}

export const isSellerOf = (principal: Principal, order: Pick<Order, 'sellerOrgId'>): boolean =>
  principal.isMemberOf(order.sellerOrgId, [MembershipRole.Owner, MembershipRole.Staff]);

export const isServicePointOf = (principal: Principal, order: Pick<Order, 'destinationServicePointOrgId'>): boolean =>
  order.destinationServicePointOrgId !== null && principal.isMemberOf(order.destinationServicePointOrgId);

export const isCountyStaffOf = (
  principal: Principal,
  order: Pick<Order, 'countyCode' | 'destinationCountyCode'>,
): boolean =>
  principal.isCountyStaffOf(order.countyCode) ||
  (order.destinationCountyCode !== null && principal.isCountyStaffOf(order.destinationCountyCode));

export function canRead(principal: Principal, order: Order): boolean {
  return (
    isBuyerOf(principal, order) ||
    isSellerOf(principal, order) ||
    isServicePointOf(principal, order) ||
    isCountyStaffOf(principal, order) ||
    principal.isPlatformAdmin()
  );
}

/** An order the caller has no part in does not exist for them: 404, so ids cannot be probed. */
export function assertCanRead(principal: Principal, order: Order | null, orderId: string): asserts order is Order {
  if (!order || !canRead(principal, order)) {
    throw new Problem(404, 'order-not-found', `no order ${orderId}`);
  }
}

export function assertBuyer(principal: Principal, order: Order | null, orderId: string): asserts order is Order {
  assertCanRead(principal, order, orderId);
  if (!isBuyerOf(principal, order)) {
    throw new Problem(403, 'not-the-buyer', `only the buyer of order ${orderId} can do this`);
  }
}

export const buyerActor = (principal: Principal, order: Pick<Order, 'buyerId'>): Actor => ({
  kind: principal.userId === order.buyerId ? ActorKind.Buyer : ActorKind.Operator,
  id: principal.userId,
});

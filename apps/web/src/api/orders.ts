import type { Schemas } from './types';

/*
 * The orders service's shared response types, by the names the areas use, from the generated schema (schema.d.ts:
 * apps/orders/src DTOs via `npm run web:client`). Area-only request bodies and views stay in the area's api.ts.
 */

export type OrderStatus = Order['status'];

export type PaymentMethod = Order['paymentMethod'];

/** States after the money arrived (or cash was settled for fulfilment): the order became a sale. */
export const PAID_OR_LATER: OrderStatus[] = [
  'paid',
  // paid, held until the harvest is in (预售) or the group fills (拼团)
  'awaiting_harvest',
  'awaiting_group',
  // 预售 with a deposit: the deposit is paid, the balance (尾款) is due
  'awaiting_balance',
  'in_fulfilment',
  'out_for_delivery',
  'ready_for_pickup',
  'completed',
  'returned',
  'refunded',
];

export type Address = Schemas['OrdersAddressResponseDto'];
/** Where an order goes, as the orders service returns it (libs/contracts Destination). */
export type Destination = Schemas['OrdersDestinationResponseDto'];
export type OrderLine = Schemas['OrdersOrderLineResponseDto'];
export type Order = Schemas['OrdersOrderResponseDto'];
export type OrderHistoryEntry = Schemas['OrdersOrderHistoryResponseDto'];
export type Payment = Schemas['OrdersPaymentResponseDto'];
export type OrderGroup = Schemas['OrdersOrderGroupResponseDto'];
export type Claim = Schemas['OrdersClaimResponseDto'];
export type ClaimStatus = Claim['status'];
export type Remedy = Claim['requestedRemedy'];
export type Resolution = NonNullable<Claim['resolution']>;
export type Review = Schemas['OrdersReviewResponseDto'];
/** A cold-chain reading outside the range. */
export type Excursion = Schemas['OrdersExcursionResponseDto'];
export type OrderDetail = Schemas['OrdersOrderDetailResponseDto'];

/** Money: statements and payouts (apps/orders/src/settlement), freight templates (freight), the county's figures. */
export type Statement = Schemas['OrdersStatementResponseDto'];
export type StatementDetail = Schemas['OrdersStatementDetailResponseDto'];
export type StatementLine = Schemas['OrdersStatementLineResponseDto'];
export type PayoutState = Statement['payoutState'];
export type CountySettlement = Schemas['OrdersCountySettlementResponseDto'];
export type LedgerAccount = Schemas['OrdersLedgerAccountResponseDto'];
export type PayeeAccount = Schemas['OrdersPayeeAccountResponseDto'];
export type PayeeKind = PayeeAccount['kind'];
export type FreightTemplate = Schemas['OrdersFreightTemplateResponseDto'];
export type FreightRegion = Schemas['OrdersFreightRegionDto'];

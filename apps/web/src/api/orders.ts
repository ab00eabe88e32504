import type { Direction, Temperature } from './catalog';

/*
 * The orders service's shared response types (apps/orders/src: order, checkout, payment, claim, review DTOs), used
 * by more than one area. Area-only request bodies and views stay in the area's api.ts.
 */

export type OrderStatus =
  | 'placed'
  | 'awaiting_payment'
  | 'rejected'
  | 'paid'
  | 'in_fulfilment'
  | 'out_for_delivery'
  | 'ready_for_pickup'
  | 'completed'
  | 'cancelled'
  | 'returned'
  | 'refunded';

export type PaymentMethod = 'online' | 'cash_on_collection';

/** States after the money arrived (or cash was settled for fulfilment): the order became a sale. */
export const PAID_OR_LATER: OrderStatus[] = [
  'paid',
  'in_fulfilment',
  'out_for_delivery',
  'ready_for_pickup',
  'completed',
  'returned',
  'refunded',
];

export interface Address {
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
}

/** Where an order goes, as the orders service returns it (libs/contracts Destination). */
export interface Destination {
  kind: 'address' | 'service_point';
  servicePointOrgId: string | null;
  address: Address | null;
  recipientName: string;
  recipientPhone: string;
  agentName: string | null;
  agentPhone: string | null;
}

export interface OrderLine {
  skuId: string;
  listingId: string;
  title: string;
  spec: string;
  quantity: number;
  unitPriceFen: number;
  shownUnitPriceFen: number;
  lineTotalFen: number;
  weightGrams: number;
}

export interface Order {
  id: string;
  groupId: string;
  status: OrderStatus;
  buyerId: string;
  assistedByOrgId: string | null;
  sellerOrgId: string;
  sellerName: string;
  countyCode: string;
  direction: Direction;
  destination: Destination;
  paymentMethod: PaymentMethod;
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  priceChanged: boolean;
  paymentDueAt: string | null;
  temperature: Temperature;
  totalWeightGrams: number;
  lines: OrderLine[];
  shipment: {
    shipmentId: string | null;
    dispatchedAt: string | null;
    collectBy: string | null;
    deliveredAt: string | null;
    receipt: { method: string; collectedBy: string } | null;
  };
  cashReceivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderHistoryEntry {
  from: OrderStatus | null;
  to: OrderStatus;
  actorKind: string;
  actorId: string | null;
  reason: string | null;
  detail: unknown;
  at: string;
}

export interface Payment {
  id: string;
  groupId: string;
  provider: string;
  providerPaymentId: string;
  amountFen: number;
  orderIds: string[];
  status: string;
  payUrl: string | null;
  createdAt: string;
}

export interface OrderGroup {
  id: string;
  buyerId: string;
  paymentMethod: PaymentMethod;
  destination: Destination;
  assistedByOrgId: string | null;
  totalFen: number;
  orders: Order[];
  payments: Payment[];
  createdAt: string;
}

export type ClaimStatus = 'awaiting_seller' | 'countered' | 'escalated' | 'resolved';
export type Remedy = 'partial_refund' | 'resend' | 'full_refund';
export type Resolution = Remedy | 'rejected';

export interface Claim {
  id: string;
  orderId: string;
  buyerId: string;
  sellerOrgId: string;
  countyCode: string;
  status: ClaimStatus;
  reason: string;
  photoUrls: string[];
  requestedRemedy: Remedy;
  requestedAmountFen: number | null;
  counterRemedy: Remedy | null;
  counterAmountFen: number | null;
  sellerNote: string | null;
  respondBy: string | null;
  escalatedAt: string | null;
  escalationReason: string | null;
  resolution: Resolution | null;
  resolutionAmountFen: number | null;
  resolvedBy: string | null;
  decisionNote: string | null;
  resolvedAt: string | null;
  refundId: string | null;
  createdAt: string;
  actions: { action: string; actorKind: string; actorId: string | null; detail: unknown; at: string }[];
}

export interface Review {
  id: string;
  orderId: string;
  sellerOrgId: string;
  rating: number;
  comment: string | null;
  createdAt: string;
}

/** A cold-chain reading outside the range. */
export interface Excursion {
  shipmentId: string;
  nodeCode: string | null;
  readingC: number;
  minC: number | null;
  maxC: number | null;
  at: string;
}

export interface OrderDetail extends Order {
  history: OrderHistoryEntry[];
  refunds: { id: string; amountFen: number; reason: string; status: string; createdAt: string }[];
  excursions: Excursion[];
  rejection: unknown;
  claim: Claim | null;
  review: Review | null;
}

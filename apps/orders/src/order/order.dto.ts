import { Destination, FlowDirection, TemperatureClass, TemperatureRequirement } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ClaimResponseDto } from '../claim/claim.dto';
import { MAX_AMOUNT_FEN } from '../common/limits';
import { PageQueryDto } from '../common/page-query.dto';
import { PaymentResponseDto, PaymentTransactionResponseDto, RefundResponseDto } from '../payment/payment.dto';
import { ReviewResponseDto } from '../review/review.dto';
import { OrderStatus } from './order-state';
import {
  Order,
  OrderExcursion,
  OrderGroup,
  OrderHistory,
  OrderLine,
  PaymentMethod,
  StationConsent,
} from './order.entities';

export class OrderSearchDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OrderStatus })
  @IsOptional()
  @IsEnum(OrderStatus)
  status?: OrderStatus;
}

export class CancelDto {
  @ApiPropertyOptional({ example: '买错了' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class CashReceivedDto {
  @ApiProperty({ description: 'the cash taken, in fen: must be the order total', maximum: MAX_AMOUNT_FEN })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  amountFen: number;
}

export class OrderLineResponseDto {
  @ApiProperty() skuId: string;
  @ApiProperty() listingId: string;
  @ApiProperty() title: string;
  @ApiProperty() spec: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'the price sold at (catalog’s price when the stock was reserved)' }) unitPriceFen: number;
  @ApiProperty({ description: 'the price shown at checkout' }) shownUnitPriceFen: number;
  @ApiProperty() lineTotalFen: number;
  @ApiProperty({ description: "the line's share of the order's discounts" }) discountFen: number;
  @ApiProperty() weightGrams: number;
}

/** The OpenAPI shape of libs/contracts' Address as orders answers it (documentation only: no behaviour). */
export class AddressResponseDto {
  @ApiProperty() province: string;
  @ApiProperty() city: string;
  @ApiProperty() district: string;
  @ApiProperty() detail: string;
  @ApiProperty({ nullable: true, type: String }) postalCode: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'the division (county, town or village code) the address was picked by in the address book',
  })
  placeCode?: string | null;
}

/** The OpenAPI shape of libs/contracts' Destination (documentation only). */
export class DestinationResponseDto {
  @ApiProperty({ enum: ['address', 'service_point'] }) kind: 'address' | 'service_point';
  @ApiProperty({ nullable: true, type: String }) servicePointOrgId: string | null;
  @ApiProperty({ nullable: true, type: AddressResponseDto }) address: AddressResponseDto | null;
  @ApiProperty() recipientName: string;
  @ApiProperty() recipientPhone: string;
  @ApiProperty({ nullable: true, type: String }) agentName: string | null;
  @ApiProperty({ nullable: true, type: String }) agentPhone: string | null;
}

/** The OpenAPI shape of libs/contracts' TemperatureRequirement (documentation only). */
export class TemperatureRequirementResponseDto {
  @ApiProperty({ enum: TemperatureClass }) class: TemperatureClass;
  @ApiProperty({ nullable: true, type: Number }) minC: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxC: number | null;
}

export class ReceiptResponseDto {
  @ApiProperty() method: string;
  @ApiProperty() collectedBy: string;
}

export class ShipmentViewDto {
  @ApiProperty({ nullable: true, type: String }) shipmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) dispatchedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'collect from the service point by' })
  collectBy: string | null;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ nullable: true, type: ReceiptResponseDto }) receipt: { method: string; collectedBy: string } | null;
}

export class OrderResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() groupId: string;
  @ApiProperty({ enum: OrderStatus }) status: OrderStatus;
  @ApiProperty() buyerId: string;
  @ApiProperty({ nullable: true, type: String, description: 'the service point that placed it for a villager' })
  assistedByOrgId: string | null;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() sellerName: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ type: DestinationResponseDto }) destination: Destination;
  @ApiProperty({ enum: PaymentMethod }) paymentMethod: PaymentMethod;
  @ApiProperty({ description: 'what the buyer pays: goods at catalog prices plus freight, less the discounts' })
  totalFen: number;
  @ApiProperty({ description: "the seller's freight, included in totalFen" }) freightFen: number;
  @ApiProperty({ description: "taken off by the shop's own coupon (funded by the seller)" }) sellerDiscountFen: number;
  @ApiProperty({ description: "taken off by a platform's or county's coupon (funded by them)" })
  sponsorDiscountFen: number;
  @ApiProperty({
    enum: ['platform', 'county'],
    nullable: true,
    type: String,
    description: 'who funds sponsorDiscountFen',
  })
  sponsor: 'platform' | 'county' | null;
  @ApiProperty() paidFen: number;
  @ApiProperty() refundedFen: number;
  @ApiProperty({ description: "catalog's price differed from the one shown; catalog's applies" }) priceChanged: boolean;
  @ApiProperty({ nullable: true, type: String }) paymentDueAt: string | null;
  @ApiProperty({ type: TemperatureRequirementResponseDto }) temperature: TemperatureRequirement;
  @ApiProperty() totalWeightGrams: number;
  @ApiProperty({ type: [OrderLineResponseDto] }) lines: OrderLineResponseDto[];
  @ApiProperty({ type: ShipmentViewDto }) shipment: ShipmentViewDto;
  @ApiProperty({ nullable: true, type: String }) cashReceivedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'receipt confirmed (确认收货) by the buyer or automatically; starts the settlement clock',
  })
  receiptConfirmedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: '预售: the pre-sale it was ordered from' })
  presaleId: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      '定金: the deposit paid when ordering from a pre-sale with a deposit; the balance (total − deposit) is due by ' +
      'paymentDueAt once the status is awaiting_balance (null: paid in full)',
  })
  depositFen: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'when the balance (尾款) was paid' })
  balancePaidAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: '拼团: the buying group it belongs to' })
  buyingGroupId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class OrderHistoryResponseDto {
  @ApiProperty({ nullable: true, enum: OrderStatus }) from: OrderStatus | null;
  @ApiProperty({ enum: OrderStatus }) to: OrderStatus;
  @ApiProperty({ description: 'buyer, seller, operator, county_staff, system, catalog, logistics, payment_provider' })
  actorKind: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: Object }) detail: unknown;
  @ApiProperty() at: string;
}

export class ExcursionResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty({ nullable: true, type: String }) nodeCode: string | null;
  @ApiProperty() readingC: number;
  @ApiProperty({ nullable: true, type: Number }) minC: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxC: number | null;
  @ApiProperty() at: string;
}

export class StationConsentResponseDto {
  @ApiProperty() servicePointOrgId: string;
  @ApiProperty() consentedBy: string;
  @ApiProperty() recipientName: string;
  @ApiProperty() text: string;
  @ApiProperty() consentedAt: string;
}

export class OrderDetailResponseDto extends OrderResponseDto {
  @ApiProperty({ type: [OrderHistoryResponseDto] }) history: OrderHistoryResponseDto[];
  @ApiProperty({ type: [PaymentTransactionResponseDto], description: 'money movements that concern this order' })
  payments: PaymentTransactionResponseDto[];
  @ApiProperty({ type: [RefundResponseDto] }) refunds: RefundResponseDto[];
  @ApiProperty({ type: [ExcursionResponseDto], description: 'cold-chain readings outside the range' })
  excursions: ExcursionResponseDto[];
  @ApiProperty({ nullable: true, type: StationConsentResponseDto })
  stationConsent: StationConsentResponseDto | null;
  @ApiProperty({ nullable: true, type: Object }) rejection: unknown;
  @ApiProperty({ nullable: true, type: ClaimResponseDto }) claim: ClaimResponseDto | null;
  @ApiProperty({ nullable: true, type: ReviewResponseDto }) review: ReviewResponseDto | null;
}

export class OrderGroupResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() buyerId: string;
  @ApiProperty({ enum: PaymentMethod }) paymentMethod: PaymentMethod;
  @ApiProperty({ type: DestinationResponseDto }) destination: Destination;
  @ApiProperty({ nullable: true, type: String }) assistedByOrgId: string | null;
  @ApiProperty({ description: 'sum of the order totals' }) totalFen: number;
  @ApiProperty({ type: [OrderResponseDto] }) orders: OrderResponseDto[];
  @ApiProperty({ type: [PaymentResponseDto] }) payments: PaymentResponseDto[];
  @ApiProperty() createdAt: string;
}

export class PackingLineResponseDto {
  @ApiProperty() skuId: string;
  @ApiProperty() title: string;
  @ApiProperty() spec: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'how many orders ask for it' }) orders: number;
}

const iso = (date: Date | null): string | null => (date ? new Date(date).toISOString() : null);

export const mapLine = (line: OrderLine): OrderLineResponseDto => ({
  skuId: line.skuId,
  listingId: line.listingId,
  title: line.title,
  spec: line.spec,
  quantity: line.quantity,
  unitPriceFen: line.unitPriceFen,
  shownUnitPriceFen: line.shownUnitPriceFen,
  lineTotalFen: line.unitPriceFen * line.quantity,
  discountFen: Number(line.discountFen ?? 0),
  weightGrams: line.weightGrams,
});

export const mapOrder = (order: Order, lines: OrderLine[]): OrderResponseDto => ({
  id: order.id,
  groupId: order.groupId,
  status: order.status,
  buyerId: order.buyerId,
  assistedByOrgId: order.assistedByOrgId,
  sellerOrgId: order.sellerOrgId,
  sellerName: order.sellerName,
  countyCode: order.countyCode,
  direction: order.direction,
  destination: order.destination,
  paymentMethod: order.paymentMethod,
  totalFen: order.totalFen,
  freightFen: Number(order.freightFen ?? 0),
  sellerDiscountFen: Number(order.sellerDiscountFen ?? 0),
  sponsorDiscountFen: Number(order.sponsorDiscountFen ?? 0),
  sponsor: order.sponsor ?? null,
  paidFen: order.paidFen ?? 0,
  refundedFen: order.refundedFen ?? 0,
  priceChanged: order.priceChanged ?? false,
  paymentDueAt: iso(order.paymentDueAt ?? null),
  temperature: order.temperature,
  totalWeightGrams: order.totalWeightGrams,
  lines: lines.map(mapLine),
  shipment: {
    shipmentId: order.shipmentId ?? null,
    dispatchedAt: iso(order.dispatchedAt ?? null),
    collectBy: iso(order.collectBy ?? null),
    deliveredAt: iso(order.deliveredAt ?? null),
    receipt: order.receipt ?? null,
  },
  cashReceivedAt: iso(order.cashReceivedAt ?? null),
  receiptConfirmedAt: iso(order.receiptConfirmedAt ?? null),
  presaleId: order.presaleId ?? null,
  depositFen: order.depositFen ?? null,
  balancePaidAt: iso(order.balancePaidAt ?? null),
  buyingGroupId: order.buyingGroupId ?? null,
  createdAt: new Date(order.createdAt).toISOString(),
  updatedAt: new Date(order.updatedAt).toISOString(),
});

export const mapHistory = (entry: OrderHistory): OrderHistoryResponseDto => ({
  from: entry.fromStatus,
  to: entry.toStatus,
  actorKind: entry.actorKind,
  actorId: entry.actorId,
  reason: entry.reason,
  detail: entry.detail ?? null,
  at: entry.at.toISOString(),
});

export const mapExcursion = (excursion: OrderExcursion): ExcursionResponseDto => ({
  shipmentId: excursion.shipmentId,
  nodeCode: excursion.nodeCode,
  readingC: excursion.readingC,
  minC: excursion.minC,
  maxC: excursion.maxC,
  at: excursion.at.toISOString(),
});

export const mapConsent = (consent: StationConsent): StationConsentResponseDto => ({
  servicePointOrgId: consent.servicePointOrgId,
  consentedBy: consent.consentedBy,
  recipientName: consent.recipientName,
  text: consent.text,
  consentedAt: consent.consentedAt.toISOString(),
});

export const mapGroup = (
  group: OrderGroup,
  orders: OrderResponseDto[],
  payments: PaymentResponseDto[],
): OrderGroupResponseDto => ({
  id: group.id,
  buyerId: group.buyerId,
  paymentMethod: group.paymentMethod,
  destination: group.destination,
  assistedByOrgId: group.assistedByOrgId,
  // what the buyer owes: rejected and cancelled orders are not part of it
  totalFen: orders
    .filter((order) => order.status !== OrderStatus.Rejected && order.status !== OrderStatus.Cancelled)
    .reduce((sum, order) => sum + order.totalFen, 0),
  orders,
  payments,
  createdAt: new Date(group.createdAt).toISOString(),
});

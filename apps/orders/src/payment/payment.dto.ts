import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_AMOUNT_FEN } from '../common/limits';
import { PaymentChannel } from './payment-provider';
import {
  Payment,
  PaymentStatus,
  PaymentTransaction,
  Refund,
  RefundReason,
  RefundStatus,
  TransactionOutcome,
} from './payment.entities';

export class PaymentCreateDto {
  @ApiPropertyOptional({
    enum: PaymentChannel,
    description: "how the buyer pays; the configured provider's default (WeChat Native, Alipay WAP) when left out",
  })
  @IsOptional()
  @IsEnum(PaymentChannel)
  channel?: PaymentChannel;

  @ApiPropertyOptional({ description: "WeChat JSAPI: the payer's openid under the merchant's app id" })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  payerOpenId?: string;

  @ApiPropertyOptional({
    example: '/order-groups/0b7c6f7e-2f44-4c1e-9a53-8d1c2a9e4f10',
    description:
      "Alipay WAP/page: the app's page the provider sends the buyer back to, a path on the platform's public " +
      'address (the origin of PAYMENT_NOTIFY_BASE_URL, whose gateway serves the web app)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\/[A-Za-z0-9\-._~/?=&%]{0,300}$/)
  returnPath?: string;
}

export class PaymentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() groupId: string;
  @ApiProperty() provider: string;
  @ApiProperty() providerPaymentId: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ type: [String] }) orderIds: string[];
  @ApiProperty({ enum: PaymentStatus }) status: PaymentStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: "the provider's cashier page" }) payUrl:
    string | null;
  @ApiProperty({ enum: PaymentChannel }) channel: PaymentChannel;
  @ApiPropertyOptional({
    nullable: true,
    type: Object,
    description: 'WeChat JSAPI: appId, timeStamp, nonceStr, package, signType and paySign for wx.requestPayment',
  })
  clientParams: Record<string, string> | null;
  @ApiProperty() createdAt: string;
}

export class PaymentTransactionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() provider: string;
  @ApiProperty() providerTransactionId: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: TransactionOutcome }) outcome: TransactionOutcome;
  @ApiProperty() detail: string;
  @ApiProperty({ type: [String] }) appliedOrderIds: string[];
  @ApiProperty() receivedAt: string;
}

export class RefundResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) orderId: string | null;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: RefundReason }) reason: RefundReason;
  @ApiProperty({ enum: RefundStatus }) status: RefundStatus;
  @ApiProperty({ nullable: true, type: String }) claimId: string | null;
  @ApiProperty({ nullable: true, type: String }) providerRefundId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

/** What orders made of a webhook. Every verified webhook gets 200 with its outcome, so the provider stops resending. */
export class WebhookResponseDto {
  @ApiProperty({ enum: [...Object.values(TransactionOutcome), 'ignored', 'refund_confirmed', 'refund_failed'] })
  outcome: TransactionOutcome | 'ignored' | 'refund_confirmed' | 'refund_failed';
  @ApiProperty({ description: 'the same transaction was reported before; nothing was done again' }) duplicate: boolean;
  @ApiProperty() detail: string;
  @ApiProperty({ nullable: true, type: String }) transactionId: string | null;
  @ApiProperty({ type: [String] }) appliedOrderIds: string[];
  @ApiProperty({ type: [String], description: 'orders whose share of the money is being refunded' })
  refundedOrderIds: string[];
}

export class SimulatePaymentDto {
  @ApiPropertyOptional({
    description: 'charge a different amount than the payment asked for (to try a mismatch)',
    maximum: MAX_AMOUNT_FEN,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_FEN)
  amountFen?: number;

  @ApiPropertyOptional({ description: 'reuse a transaction id (to try a repeated webhook)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  transactionId?: string;
}

export class SimulatedWebhookResultDto {
  @ApiProperty({ description: 'what the webhook endpoint answered' }) status: number;
  @ApiProperty({ type: Object }) body: unknown;
}

export const mapPayment = (payment: Payment): PaymentResponseDto => ({
  id: payment.id,
  groupId: payment.groupId,
  provider: payment.provider,
  providerPaymentId: payment.providerPaymentId,
  amountFen: payment.amountFen,
  orderIds: payment.orderIds,
  status: payment.status,
  payUrl: payment.payUrl,
  channel: payment.channel,
  clientParams: payment.clientParams,
  createdAt: payment.createdAt.toISOString(),
});

export const mapTransaction = (transaction: PaymentTransaction): PaymentTransactionResponseDto => ({
  id: transaction.id,
  provider: transaction.provider,
  providerTransactionId: transaction.providerTransactionId,
  amountFen: transaction.amountFen,
  outcome: transaction.outcome,
  detail: transaction.detail,
  appliedOrderIds: transaction.appliedOrderIds,
  receivedAt: transaction.receivedAt.toISOString(),
});

export const mapRefund = (refund: Refund): RefundResponseDto => ({
  id: refund.id,
  orderId: refund.orderId,
  amountFen: refund.amountFen,
  reason: refund.reason,
  status: refund.status,
  claimId: refund.claimId,
  providerRefundId: refund.providerRefundId,
  createdAt: refund.createdAt.toISOString(),
  completedAt: refund.completedAt?.toISOString() ?? null,
});

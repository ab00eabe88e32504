import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { AccountKind } from '../ledger/ledger.entities';
import { PayeeAccount, PayeeKind, Payout, PayoutStatus, Statement } from './settlement.entities';

const PAYEE_KINDS: PayeeKind[] = ['wechat_openid', 'wechat_merchant', 'alipay_login_id', 'alipay_user_id', 'simulated'];

export class PayeeAccountUpdateDto {
  @ApiProperty({ enum: PAYEE_KINDS, description: 'the payout provider’s account type (simulated in development)' })
  @IsIn(PAYEE_KINDS)
  kind: PayeeKind;

  @ApiProperty({ example: 'o4GgauInH_RCEdvrrNGrntXDuXXX', description: 'openid, merchant id, Alipay login or user id' })
  @IsString()
  @Length(1, 64)
  account: string;

  @ApiPropertyOptional({
    example: '安西镇脐橙专业合作社',
    description: 'the payee’s real name, checked by the provider',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class PayeeAccountResponseDto {
  @ApiProperty() partyId: string;
  @ApiProperty({ enum: PAYEE_KINDS }) kind: PayeeKind;
  @ApiProperty() account: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() updatedAt: string;
}

export const mapPayee = (payee: PayeeAccount): PayeeAccountResponseDto => ({
  partyId: payee.partyId,
  kind: payee.kind,
  account: payee.account,
  name: payee.name,
  updatedAt: payee.updatedAt.toISOString(),
});

export class StatementCloseDto {
  @ApiPropertyOptional({
    example: '2026-12-06T00:00:00+08:00',
    description: 'settle everything settleable by this instant (default: now); not in the future',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  cutoff?: string;
}

export class PayoutResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: 'why the last attempt did not settle it' })
  lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) providerPayoutId: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

export const mapPayout = (payout: Payout): PayoutResponseDto => ({
  id: payout.id,
  amountFen: payout.amountFen,
  status: payout.status,
  attempts: payout.attempts,
  lastError: payout.lastError,
  providerPayoutId: payout.providerPayoutId,
  completedAt: payout.completedAt?.toISOString() ?? null,
});

export class StatementResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ enum: ['seller', 'service_point'] }) partyKind: 'seller' | 'service_point';
  @ApiProperty() partyId: string;
  @ApiProperty({ nullable: true, type: String }) periodFrom: string | null;
  @ApiProperty() periodTo: string;
  @ApiProperty({ description: 'goods sold (fen)' }) soldFen: number;
  @ApiProperty() freightFen: number;
  @ApiProperty({ description: "refunded: the buyers' money and the sponsors' share of refunded goods" })
  refundsFen: number;
  @ApiProperty({ description: "taken off by the seller's own coupons (funded by the seller; subtracted)" })
  sellerDiscountFen: number;
  @ApiProperty({ description: "of sold: paid by the platform's coupons for the buyers (funded by the platform)" })
  platformDiscountFen: number;
  @ApiProperty({ description: "of sold: paid by the county's coupons for the buyers (funded by the county)" })
  countyDiscountFen: number;
  @ApiProperty({ description: 'commission withheld from a seller (service point and platform)' })
  commissionWithheldFen: number;
  @ApiProperty({ description: 'commission earned by a service point' }) commissionEarnedFen: number;
  @ApiProperty({ description: 'sold + freight − refunds − seller discount − withheld + earned: what is paid out' })
  netFen: number;
  @ApiProperty() orders: number;
  @ApiProperty({
    enum: ['nothing_owed', 'paying', 'paid', 'failing', 'failed'],
    description: 'nothing_owed when net ≤ 0; failing while retries fail; failed when the provider refused it',
  })
  payoutState: 'nothing_owed' | 'paying' | 'paid' | 'failing' | 'failed';
  @ApiProperty({ nullable: true, type: PayoutResponseDto }) payout: PayoutResponseDto | null;
  @ApiProperty() createdAt: string;
}

export function payoutState(payout: Payout | null): StatementResponseDto['payoutState'] {
  if (!payout) {
    return 'nothing_owed';
  }
  if (payout.status === PayoutStatus.Succeeded) {
    return 'paid';
  }
  if (payout.status === PayoutStatus.Failed) {
    return 'failed';
  }
  return payout.lastError ? 'failing' : 'paying';
}

export const mapStatement = (statement: Statement, payout: Payout | null): StatementResponseDto => ({
  id: statement.id,
  countyCode: statement.countyCode,
  partyKind: statement.accountKind === AccountKind.SellerPayable ? 'seller' : 'service_point',
  partyId: statement.partyId,
  periodFrom: statement.periodFrom?.toISOString() ?? null,
  periodTo: statement.periodTo.toISOString(),
  soldFen: statement.soldFen,
  freightFen: statement.freightFen,
  refundsFen: statement.refundsFen,
  sellerDiscountFen: statement.sellerDiscountFen,
  platformDiscountFen: statement.platformDiscountFen,
  countyDiscountFen: statement.countyDiscountFen,
  commissionWithheldFen: statement.commissionWithheldFen,
  commissionEarnedFen: statement.commissionEarnedFen,
  netFen: statement.netFen,
  orders: statement.orders,
  payoutState: payoutState(payout),
  payout: payout ? mapPayout(payout) : null,
  createdAt: statement.createdAt.toISOString(),
});

export class StatementLineResponseDto {
  @ApiProperty({ nullable: true, type: String }) orderId: string | null;
  @ApiProperty() postedAt: string;
  @ApiProperty({ description: 'what moved the money: payment_applied, cash_received, refund_decided, …' })
  entryKind: string;
  @ApiProperty({ enum: ['goods', 'freight', 'refund', 'point_commission', 'platform_commission'] }) item: string;
  @ApiProperty({ description: 'for the party: positive is owed to it, negative is taken from it' })
  amountFen: number;
}

export class StatementDetailResponseDto extends StatementResponseDto {
  @ApiProperty({ type: [StatementLineResponseDto] }) lines: StatementLineResponseDto[];
}

export class PayoutTroubleDto {
  @ApiProperty() statementId: string;
  @ApiProperty() payoutId: string;
  @ApiProperty() periodTo: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({
    enum: ['failing', 'failed'],
    description: 'failing: attempts fail and are retried by themselves; failed: the provider refused it',
  })
  state: 'failing' | 'failed';
  @ApiProperty({ description: 'why: the provider’s code and reason, or the error of the last attempt' })
  reason: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ description: 'true when county staff may pay it again: POST /statements/{statementId}/payout-retry' })
  canRetry: boolean;
}

export class CountySettlementPartyDto {
  @ApiProperty({ enum: ['seller', 'service_point'] }) partyKind: 'seller' | 'service_point';
  @ApiProperty() partyId: string;
  @ApiProperty({ nullable: true, type: String, description: 'the organisation’s name (null if orders never saw it)' })
  name: string | null;
  @ApiProperty({ description: 'what it is owed now: its ledger account’s balance (stated or not, paid out not)' })
  owedFen: number;
  @ApiProperty({ description: 'paid out to it so far: the payout postings of its ledger account' })
  paidOutFen: number;
  @ApiProperty({ description: 'payouts sent and not yet settled, without an error' }) payingFen: number;
  @ApiProperty({ description: 'payouts whose attempts fail, or that the provider refused' }) failingFen: number;
  @ApiProperty({ description: 'true when it has said where to be paid' }) hasPayeeAccount: boolean;
  @ApiProperty({ type: [PayoutTroubleDto], description: 'its failing and refused payouts, each with its reason' })
  failures: PayoutTroubleDto[];
}

export class CountySettlementResponseDto {
  @ApiProperty() countyCode: string;
  @ApiProperty({ description: 'what sellers are owed now (ledger)' }) owedToSellersFen: number;
  @ApiProperty({ description: 'commission owed to service points now (ledger)' }) owedToPointsFen: number;
  @ApiProperty({ description: 'cash held at the service points (ledger)' }) cashAtPointsFen: number;
  @ApiProperty({ description: 'refunds decided and not yet paid (ledger)' }) refundsOwedFen: number;
  @ApiProperty() paidOutFen: number;
  @ApiProperty({ description: 'payouts sent and not yet settled' }) payingFen: number;
  @ApiProperty({ description: 'payouts whose attempts fail, or that the provider refused' }) failingFen: number;
  @ApiProperty() failingPayouts: number;
  @ApiProperty({
    type: [CountySettlementPartyDto],
    description: 'each seller and service point with a ledger account in the county: owed, paid, failing (first)',
  })
  parties: CountySettlementPartyDto[];
  @ApiProperty({ type: [StatementResponseDto] }) statements: StatementResponseDto[];
}

export class LedgerAccountResponseDto {
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: String }) partyId: string | null;
  @ApiProperty({ description: 'debit-positive balance recomputed from every posting' }) balanceFen: number;
}

export class ExportQueryDto {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}

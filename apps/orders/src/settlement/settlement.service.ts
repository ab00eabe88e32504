import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { CountySettingService } from '../county-setting/county-setting.service';
import { AccountKind } from '../ledger/ledger.entities';
import { LedgerRepository } from '../ledger/ledger.repository';
import { PayoutRunner } from './payout.runner';
import {
  CountySettlementResponseDto,
  LedgerAccountResponseDto,
  mapPayee,
  mapStatement,
  PayeeAccountResponseDto,
  PayeeAccountUpdateDto,
  StatementCloseDto,
  StatementDetailResponseDto,
  StatementResponseDto,
} from './settlement.dto';
import { Statement } from './settlement.entities';
import { SettlementRepository } from './settlement.repository';
import { statementCsv, statementXlsx } from './statement-export';

const PARTY_ROLES = [MembershipRole.Owner, MembershipRole.Staff, MembershipRole.Operator];

/**
 * Settlement: statements per period from the ledger, for each seller and each service point, and their payouts;
 * county staff close periods and see what is owed, paid and failing.
 */
@Injectable()
export class SettlementService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly settlement: SettlementRepository,
    private readonly ledger: LedgerRepository,
    private readonly settings: CountySettingService,
    private readonly payouts: PayoutRunner,
  ) {}

  async payee(principal: Principal, orgId: string): Promise<PayeeAccountResponseDto> {
    this.assertParty(principal, orgId, [MembershipRole.Owner]);
    const payee = await this.settlement.findPayee(this.db.manager, orgId);
    if (!payee) {
      throw new Problem(404, 'no-payee-account', `organisation ${orgId} has not said where to be paid`);
    }
    return mapPayee(payee);
  }

  async setPayee(principal: Principal, orgId: string, dto: PayeeAccountUpdateDto): Promise<PayeeAccountResponseDto> {
    this.assertParty(principal, orgId, [MembershipRole.Owner]);
    const payee = await this.settlement.savePayee({
      partyId: orgId,
      kind: dto.kind,
      account: dto.account.trim(),
      name: dto.name?.trim() || null,
      updatedBy: principal.userId,
    });
    this.payouts.nudge();
    return mapPayee(payee);
  }

  /** County staff settle what is settleable by the cut-off: one statement per seller and service point owed. */
  async close(principal: Principal, countyCode: string, dto: StatementCloseDto): Promise<StatementResponseDto[]> {
    principal.assertCountyStaffOrAdmin(countyCode);
    const cutoff = dto.cutoff ? new Date(dto.cutoff) : new Date();
    if (cutoff.getTime() > Date.now() + 60_000) {
      throw new Problem(422, 'cutoff-in-future', 'a period can only be settled up to now');
    }
    const { claimWindowHours } = await this.settings.effective(countyCode);
    const statements = await this.db.withTransaction((manager) =>
      this.settlement.close(manager, countyCode, cutoff, claimWindowHours, principal.userId),
    );
    this.payouts.nudge();
    return (await this.settlement.withPayouts(statements)).map(({ statement, payout }) =>
      mapStatement(statement, payout),
    );
  }

  async county(principal: Principal, countyCode: string): Promise<CountySettlementResponseDto> {
    principal.assertCountyStaffOrAdmin(countyCode);
    const [totals, parties, statements] = await Promise.all([
      this.settlement.countyTotals(countyCode),
      this.settlement.partiesOf(countyCode),
      this.settlement.statementsOf({ countyCode }, 200),
    ]);
    return {
      countyCode,
      ...totals,
      parties: parties
        .map((party) => ({
          partyKind: party.accountKind === AccountKind.SellerPayable ? ('seller' as const) : ('service_point' as const),
          partyId: party.partyId,
          name: party.name,
          owedFen: party.owedFen,
          paidOutFen: party.paidOutFen,
          payingFen: party.payingFen,
          failingFen: party.failingFen,
          hasPayeeAccount: party.hasPayeeAccount,
          failures: party.failures.map((failure) => ({
            ...failure,
            periodTo: failure.periodTo.toISOString(),
            canRetry: failure.state === 'failed',
          })),
        }))
        .sort((a, b) => b.failingFen - a.failingFen || b.owedFen - a.owedFen || a.partyId.localeCompare(b.partyId)),
      statements: statements.map(({ statement, payout }) => mapStatement(statement, payout)),
    };
  }

  async ledgerOf(principal: Principal, countyCode: string): Promise<LedgerAccountResponseDto[]> {
    principal.assertCountyStaffOrAdmin(countyCode);
    return (await this.ledger.balances(this.db.manager, countyCode)).map((account) => ({
      kind: account.kind,
      partyId: account.partyId,
      balanceFen: account.balanceFen,
    }));
  }

  async ofParty(principal: Principal, orgId: string): Promise<StatementResponseDto[]> {
    this.assertParty(principal, orgId, PARTY_ROLES);
    return (await this.settlement.statementsOf({ partyId: orgId }, 100)).map(({ statement, payout }) =>
      mapStatement(statement, payout),
    );
  }

  async detail(principal: Principal, statementId: string): Promise<StatementDetailResponseDto> {
    const statement = await this.readable(principal, statementId);
    const [[{ payout }], lines] = await Promise.all([
      this.settlement.withPayouts([statement]),
      this.settlement.linesOf(statementId),
    ]);
    return {
      ...mapStatement(statement, payout),
      lines: lines.map((line) => ({ ...line, postedAt: line.postedAt.toISOString() })),
    };
  }

  async export(
    principal: Principal,
    statementId: string,
    format: 'csv' | 'xlsx',
  ): Promise<{ body: Buffer; contentType: string; filename: string }> {
    const detail = await this.detail(principal, statementId);
    const filename = `statement-${detail.periodTo.slice(0, 10)}-${detail.id.slice(0, 8)}.${format}`;
    return format === 'csv'
      ? { body: statementCsv(detail), contentType: 'text/csv; charset=utf-8', filename }
      : {
          body: await statementXlsx(detail),
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          filename,
        };
  }

  /** County staff pay a statement again after the provider refused its payout (a new payout id). */
  async retryPayout(principal: Principal, statementId: string): Promise<StatementResponseDto> {
    const statement = await this.settlement.findStatement(statementId);
    if (!statement) {
      throw new Problem(404, 'statement-not-found', `no statement ${statementId}`);
    }
    principal.assertCountyStaffOrAdmin(statement.countyCode);
    const created = await this.db.withTransaction((manager) => this.settlement.retryPayout(manager, statementId));
    if (!created) {
      throw new Problem(
        409,
        'payout-not-failed',
        `statement ${statementId} has a payout pending or paid (or nothing owed); only a refused payout is retried`,
      );
    }
    this.payouts.nudge();
    const [{ payout }] = await this.settlement.withPayouts([statement]);
    return mapStatement(statement, payout);
  }

  private async readable(principal: Principal, statementId: string): Promise<Statement> {
    const statement = await this.settlement.findStatement(statementId);
    if (
      !statement ||
      !(
        principal.isPlatformAdmin() ||
        principal.isCountyStaffOf(statement.countyCode) ||
        principal.isMemberOf(statement.partyId, PARTY_ROLES)
      )
    ) {
      throw new Problem(404, 'statement-not-found', `no statement ${statementId}`);
    }
    return statement;
  }

  private assertParty(principal: Principal, orgId: string, roles: MembershipRole[]): void {
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(orgId, roles);
    }
  }
}

import { LOGGER } from '@countyflow/kernel';
import { ScheduledTask, TaskScheduler } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LedgerPostings } from '../ledger/ledger.postings';
import { OrdersConfig } from '../orders.config';
import { PaymentMerchants } from '../payment/payment-providers';
import { PayoutResult, PayoutUnknown } from '../payout/payout-provider';
import { PayoutStatus } from './settlement.entities';
import { DuePayout, SettlementRepository } from './settlement.repository';

const MAX_BACKOFF_MS = 30 * 60 * 1000;
const PER_ROUND = 20;

/**
 * Sends due payouts to the payout provider, exactly once per statement:
 * 1. the payout row (its id is the provider's idempotency key) was committed with its statement;
 * 2. a round leases one (attempts + 1, committed) before calling the provider, so a crash at any point leaves a
 *    payout marked "may have been sent";
 * 3. such a payout is first asked after (`query`): only `unknown` — the provider never got it — sends it again, and
 *    even then with the same id, which the provider never pays twice;
 * 4. the answer is recorded with a guarded update, and a success posts the payout to the ledger in that transaction.
 * Only a definitive `failed` ends a payout unpaid; county staff see it and may pay the statement with a new payout.
 */
@Injectable()
export class PayoutRunner {
  readonly task: ScheduledTask;

  constructor(
    private readonly db: TransactionalConnection,
    private readonly settlement: SettlementRepository,
    private readonly merchants: PaymentMerchants,
    private readonly ledger: LedgerPostings,
    scheduler: TaskScheduler,
    private readonly config: OrdersConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = scheduler.task('payouts', config.payoutIntervalMs, () => this.runDue());
  }

  nudge(): void {
    this.task.nudge();
  }

  /** Sends or asks after every due payout; returns how many were handled. */
  async runDue(): Promise<number> {
    let handled = 0;
    while (handled < PER_ROUND) {
      const due = await this.db.withTransaction((manager) =>
        this.settlement.leaseDuePayout(manager, this.config.payoutLeaseSeconds),
      );
      if (!due) {
        break;
      }
      await this.send(due);
      handled += 1;
    }
    return handled;
  }

  private async send(due: DuePayout): Promise<void> {
    const { payout, statement, payee } = due;
    // the county's merchant pays its sellers and points
    const provider = this.merchants.forCounty(statement.countyCode).payouts;
    let result: PayoutResult | PayoutUnknown;
    try {
      if (!payee) {
        throw new Error('no payee account: the seller or service point has not said where to be paid');
      }
      // attempts counts this lease too: more than one means an earlier attempt may have reached the provider
      result = payout.attempts > 1 ? await provider.query(payout.id) : { status: 'unknown' };
      if (result.status === 'unknown') {
        result = await provider.transfer({
          payoutId: payout.id,
          payeeAccount: { kind: payee.kind, account: payee.account, name: payee.name ?? undefined },
          amountFen: payout.amountFen,
          remark: `CountyFlow ${statement.periodTo.toISOString().slice(0, 10)}`,
        });
      }
    } catch (error) {
      await this.notYet(due, (error as Error).message);
      return;
    }
    if (result.status === 'pending') {
      await this.notYet(due, 'the provider is still processing the payout');
      return;
    }
    const settled = result;
    await this.db.withTransaction(async (manager) => {
      if (settled.status === 'succeeded') {
        const recorded = await this.settlement.settlePayout(manager, payout.id, {
          status: PayoutStatus.Succeeded,
          provider: provider.name,
          providerPayoutId: settled.providerPayoutId,
        });
        if (recorded) {
          await this.ledger.payout(
            manager,
            {
              id: payout.id,
              statementId: statement.id,
              countyCode: statement.countyCode,
              accountKind: statement.accountKind,
              partyId: statement.partyId,
            },
            payout.amountFen,
          );
        }
        return;
      }
      this.logger.error(
        { payoutId: payout.id, statementId: statement.id, code: settled.code, reason: settled.reason },
        'payout failed at the provider; county staff must act',
      );
      await this.settlement.settlePayout(manager, payout.id, {
        status: PayoutStatus.Failed,
        provider: provider.name,
        providerPayoutId: settled.providerPayoutId,
        error: `${settled.code}: ${settled.reason}`,
      });
    });
  }

  private async notYet({ payout }: DuePayout, error: string): Promise<void> {
    this.logger.warn({ payoutId: payout.id, attempts: payout.attempts, err: error }, 'payout not settled; will retry');
    await this.db.withTransaction((manager) =>
      this.settlement.payoutNotYet(manager, payout.id, error, Math.min(1000 * 2 ** payout.attempts, MAX_BACKOFF_MS)),
    );
  }
}

import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { PayoutProvider, PayoutRequest, PayoutResult, PayoutUnknown } from './payout-provider';

type Failure = 'unavailable' | 'lost-answer' | { code: string; reason: string };

/**
 * A payout provider for development and tests that behaves like a real one at the boundary: one transfer per payout
 * id however often it is asked, and an answer that can be lost after the money moved (as a timeout would lose it).
 */
@Injectable()
export class SimulatedPayoutProvider extends PayoutProvider {
  readonly name = 'simulated';
  /** Payouts the simulator received, by our payout id. */
  readonly payouts = new Map<string, PayoutRequest & { result: PayoutResult }>();
  /**
   * Tests queue what the next transfers do: `unavailable` throws before anything moves, `lost-answer` moves the money
   * and then throws (the caller cannot tell it apart), `{ code, reason }` fails definitively.
   */
  readonly nextFailures: Failure[] = [];
  /** The same, for the next transfers to one payee account (taken before `nextFailures`). */
  readonly nextFailuresOf = new Map<string, Failure[]>();
  /** When set, new payouts stay `pending` until `settle` is called (as bank transfers can). */
  holdPending = false;

  transfer(request: PayoutRequest): Promise<PayoutResult> {
    const known = this.payouts.get(request.payoutId);
    if (known) {
      return Promise.resolve(known.result);
    }
    const failure = this.nextFailuresOf.get(request.payeeAccount.account)?.shift() ?? this.nextFailures.shift();
    if (failure === 'unavailable') {
      return Promise.reject(new Error('simulated payout provider: service unavailable'));
    }
    const providerPayoutId = `sim_payout_${randomBytes(12).toString('hex')}`;
    const result: PayoutResult =
      failure !== undefined && failure !== 'lost-answer'
        ? { status: 'failed', providerPayoutId, ...failure }
        : this.holdPending
          ? { status: 'pending', providerPayoutId }
          : { status: 'succeeded', providerPayoutId, completedAt: new Date().toISOString() };
    this.payouts.set(request.payoutId, { ...request, result });
    if (failure === 'lost-answer') {
      return Promise.reject(new Error('simulated payout provider: the answer was lost (timeout)'));
    }
    return Promise.resolve(result);
  }

  query(payoutId: string): Promise<PayoutResult | PayoutUnknown> {
    return Promise.resolve(this.payouts.get(payoutId)?.result ?? { status: 'unknown' });
  }

  /** Completes a held payout as the bank eventually does. */
  settle(payoutId: string, outcome: 'succeeded' | 'failed' = 'succeeded'): void {
    const payout = this.payouts.get(payoutId);
    if (!payout || payout.result.status !== 'pending') {
      return;
    }
    const providerPayoutId = payout.result.providerPayoutId;
    payout.result =
      outcome === 'succeeded'
        ? { status: 'succeeded', providerPayoutId: providerPayoutId!, completedAt: new Date().toISOString() }
        : { status: 'failed', providerPayoutId, code: 'BANK_REFUSED', reason: 'the payee account refused the money' };
  }

  /** How much money the simulator moved in all, to the fen (what a chaos test compares with the ledger). */
  paidFen(): number {
    let sum = 0;
    for (const payout of this.payouts.values()) {
      if (payout.result.status === 'succeeded') {
        sum += payout.amountFen;
      }
    }
    return sum;
  }
}

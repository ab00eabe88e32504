import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere } from 'typeorm';
import { Actor } from '../common/actor';
import { CLAIM_TRANSITIONS, ClaimTransition } from './claim-state';
import { Claim, ClaimAction, ClaimStatus, Remedy, Resolution, ResolvedBy } from './claim.entities';

/** What a transition writes besides the state and the target state's own fields, by name; services pass values. */
export interface ClaimTransitionEffects {
  /** The seller's counter-offer. */
  counter?: { remedy: Remedy; amountFen: number | null };
  /** Whoever must answer next must do so by then. */
  respondBy?: Date;
  sellerNote?: string | null;
  /** Why the claim went to county staff. */
  escalationReason?: string;
  decision?: { resolution: Resolution; resolvedBy: ResolvedBy; decidedBy: string | null; note: string | null };
}

/** Extra conditions on the row, by name. */
export enum ClaimGuard {
  /** Whoever had to answer let the deadline pass. */
  AnswerOverdue = 'answer-overdue',
}

const GUARDS: Record<ClaimGuard, string> = {
  [ClaimGuard.AnswerOverdue]: 'respond_by <= now()',
};

/** The columns a transition into `to` with `effects` sets (an escalated or resolved claim waits for nobody). */
function transitionAssignments(to: ClaimStatus, effects: ClaimTransitionEffects): Partial<Claim> {
  const set: Partial<Claim> = {};
  if (to === ClaimStatus.Escalated) {
    Object.assign(set, { escalatedAt: new Date(), escalationReason: effects.escalationReason ?? null });
  }
  if (to === ClaimStatus.Escalated || to === ClaimStatus.Resolved) {
    set.respondBy = null;
  }
  if (effects.respondBy !== undefined) {
    set.respondBy = effects.respondBy;
  }
  if (effects.sellerNote !== undefined) {
    set.sellerNote = effects.sellerNote;
  }
  if (effects.counter) {
    Object.assign(set, { counterRemedy: effects.counter.remedy, counterAmountFen: effects.counter.amountFen });
  }
  if (effects.decision) {
    Object.assign(set, {
      resolution: effects.decision.resolution,
      resolvedBy: effects.decision.resolvedBy,
      decidedBy: effects.decision.decidedBy,
      decisionNote: effects.decision.note,
      resolvedAt: new Date(),
    });
  }
  return set;
}

@Injectable()
export class ClaimRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insert(manager: EntityManager, claim: Partial<Claim>): Promise<void> {
    await manager.insert(Claim, claim);
  }

  /**
   * Moves the claim along `transition` with one conditional UPDATE (`WHERE status IN (allowed)`, and the named
   * guard), writing what the transition's target state and `effects` call for; returns whether it moved, so two
   * answers cannot both apply.
   */
  async transition(
    manager: EntityManager,
    id: string,
    transition: ClaimTransition,
    effects: ClaimTransitionEffects = {},
    guard?: ClaimGuard,
  ): Promise<boolean> {
    const rule = CLAIM_TRANSITIONS[transition];
    const result = await manager
      .createQueryBuilder()
      .update(Claim)
      .set({ ...transitionAssignments(rule.to, effects), status: rule.to, updatedAt: () => 'now()' })
      .where(`id = :id AND status IN (:...from)${guard ? ` AND ${GUARDS[guard]}` : ''}`, { id, from: rule.from })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** What the refund of a resolved claim came to (nothing when the remedy refunds nothing). */
  async recordRefund(
    manager: EntityManager,
    id: string,
    refund: { amountFen: number | null; refundId: string | null },
  ): Promise<void> {
    await manager.update(
      Claim,
      { id, status: ClaimStatus.Resolved },
      { resolutionAmountFen: refund.amountFen, refundId: refund.refundId, updatedAt: () => 'now()' },
    );
  }

  async addAction(
    manager: EntityManager,
    claimId: string,
    action: string,
    actor: Actor,
    detail?: unknown,
  ): Promise<void> {
    await manager.insert(ClaimAction, {
      claimId,
      action,
      actorKind: actor.kind,
      actorId: actor.id,
      detail: (detail as object | undefined) ?? null,
    });
  }

  /** The claim, its row locked for the caller's transaction. */
  findForUpdate(manager: EntityManager, id: string): Promise<Claim | null> {
    return manager.getRepository(Claim).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async addPhoto(manager: EntityManager, id: string, photoId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Claim)
      .set({ photoIds: () => 'array_append(photo_ids, CAST(:photoId AS uuid))', updatedAt: () => 'now()' })
      .setParameter('photoId', photoId)
      .where('id = :id', { id })
      .execute();
  }

  find(id: string, manager: EntityManager): Promise<Claim | null> {
    return (manager ?? this.db.manager).getRepository(Claim).findOneBy({ id });
  }

  actionsOf(claimId: string): Promise<ClaimAction[]> {
    return this.db.manager.getRepository(ClaimAction).find({ where: { claimId }, order: { seq: 'ASC' } });
  }

  async findByOrder(orderId: string): Promise<{ claim: Claim; actions: ClaimAction[] } | null> {
    const claim = await this.db.manager.getRepository(Claim).findOneBy({ orderId });
    return claim ? { claim, actions: await this.actionsOf(claim.id) } : null;
  }

  list(where: FindOptionsWhere<Claim>, limit = 100): Promise<Claim[]> {
    return this.db.manager.getRepository(Claim).find({ where, order: { createdAt: 'DESC' }, take: limit });
  }

  /** Claims whose seller or buyer let the answer deadline pass, locked for the caller's transaction. */
  async claimOverdue(manager: EntityManager, limit: number): Promise<Claim[]> {
    return manager
      .getRepository(Claim)
      .createQueryBuilder('claim')
      .where(`claim.status IN ('awaiting_seller', 'countered') AND claim.respond_by <= now()`)
      .orderBy('claim.respond_by')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }
}

import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere } from 'typeorm';
import { Actor } from '../common/actor';
import { Claim, ClaimAction, ClaimStatus } from './claim.entities';

@Injectable()
export class ClaimRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insert(manager: EntityManager, claim: Partial<Claim>): Promise<void> {
    await manager.insert(Claim, claim);
  }

  /**
   * Moves the claim on if it is still in one of `from` (one conditional UPDATE, so two answers cannot both apply);
   * returns whether it moved.
   */
  async move(manager: EntityManager, id: string, from: ClaimStatus[], set: Partial<Claim>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Claim)
      .set({ ...set, updatedAt: () => 'now()' })
      .where('id = :id AND status IN (:...from)', { id, from })
      .execute();
    return (result.affected ?? 0) > 0;
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

import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OrderStatus } from '../order/order-state';
import { BuyingGroup, BuyingGroupStatus, GroupDeal } from './group-buy.entities';

/**
 * Every query of group deals and buying groups. A place in a group is one conditional UPDATE (`… WHERE members <
 * group_size`), backed by a CHECK; a group's row is locked before its members' orders (docs/orders.md, lock order).
 */
@Injectable()
export class GroupBuyRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insertDeal(deal: Omit<GroupDeal, 'active' | 'createdAt'>): Promise<GroupDeal> {
    await this.db.manager.insert(GroupDeal, deal);
    return (await this.findDeal(deal.id))!;
  }

  findDeal(id: string): Promise<GroupDeal | null> {
    return this.db.manager.findOneBy(GroupDeal, { id });
  }

  dealsOfListing(listingId: string): Promise<GroupDeal[]> {
    return this.db.manager.find(GroupDeal, { where: { listingId, active: true }, order: { createdAt: 'DESC' } });
  }

  dealsOfSeller(sellerOrgId: string): Promise<GroupDeal[]> {
    return this.db.manager.find(GroupDeal, { where: { sellerOrgId }, order: { createdAt: 'DESC' } });
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<BuyingGroup | null> {
    return manager.findOneBy(BuyingGroup, { id });
  }

  /** The open groups of a deal that still have a place, soonest to close first (for buyers to join). */
  openGroupsOf(dealId: string): Promise<BuyingGroup[]> {
    return this.db.manager
      .createQueryBuilder(BuyingGroup, 'g')
      .where('g.dealId = :dealId AND g.status = :open AND g.expiresAt > now() AND g.members < g.groupSize', {
        dealId,
        open: BuyingGroupStatus.Open,
      })
      .orderBy('g.expiresAt')
      .limit(20)
      .getMany();
  }

  async insertGroup(
    manager: EntityManager,
    group: Pick<BuyingGroup, 'id' | 'dealId' | 'leaderId' | 'groupSize'>,
    windowMinutes: number,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO buying_group (id, deal_id, leader_id, group_size, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
      [group.id, group.dealId, group.leaderId, group.groupSize, windowMinutes],
    );
  }

  /** One place in the group while it is open, in time and not full; false otherwise. */
  async takePlace(manager: EntityManager, id: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH changed AS (UPDATE buying_group SET members = members + 1
        WHERE id = $1 AND status = 'open' AND expires_at > now() AND members < group_size RETURNING id) SELECT * FROM changed`,
      [id],
    );
    return rows.length > 0;
  }

  /** A member's unpaid order was cancelled, expired or rejected: the place is free again. */
  async leave(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE buying_group SET members = members - 1 WHERE id = $1 AND status = 'open'`, [id]);
  }

  /** Counts a member's payment; the group's counts after it, or null when the group is no longer open. */
  async memberPaid(manager: EntityManager, id: string): Promise<{ paidMembers: number; groupSize: number } | null> {
    const rows = await manager.query<{ paid_members: number; group_size: number }[]>(
      `WITH changed AS (UPDATE buying_group SET paid_members = paid_members + 1 WHERE id = $1 AND status = 'open'
        RETURNING paid_members, group_size) SELECT * FROM changed`,
      [id],
    );
    return rows.length > 0 ? { paidMembers: rows[0].paid_members, groupSize: rows[0].group_size } : null;
  }

  async setStatus(
    manager: EntityManager,
    id: string,
    status: BuyingGroupStatus.Complete | BuyingGroupStatus.Expired,
  ): Promise<void> {
    await manager.query(
      `UPDATE buying_group SET status = $2, completed_at = CASE WHEN $2 = 'complete' THEN now() END WHERE id = $1`,
      [id, status],
    );
  }

  /** Open groups past their time, locked for this transaction (replicas skip each other's). */
  async lockDue(manager: EntityManager, limit: number): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM buying_group WHERE status = 'open' AND expires_at <= now()
        ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /** The members' orders in these states, in the order they joined. */
  async memberOrders(manager: EntityManager, id: string, statuses: OrderStatus[]): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM customer_order WHERE buying_group_id = $1 AND status = ANY($2::text[]) ORDER BY created_at, id`,
      [id, statuses],
    );
    return rows.map((row) => row.id);
  }

  /** The members' orders (for the group's page): who joined, and where each order stands. */
  async members(id: string): Promise<{ orderId: string; buyerId: string; status: OrderStatus; joinedAt: Date }[]> {
    const rows = await this.db.manager.query<{ id: string; buyer_id: string; status: OrderStatus; created_at: Date }[]>(
      `SELECT id, buyer_id, status, created_at FROM customer_order WHERE buying_group_id = $1 ORDER BY created_at, id`,
      [id],
    );
    return rows.map((row) => ({
      orderId: row.id,
      buyerId: row.buyer_id,
      status: row.status,
      joinedAt: row.created_at,
    }));
  }
}

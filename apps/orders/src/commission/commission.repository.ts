import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Commission, CommissionStatus } from './commission.entity';

@Injectable()
export class CommissionRepository {
  constructor(private readonly db: TransactionalConnection) {}

  async insert(manager: EntityManager, commissions: Omit<Commission, 'createdAt' | 'settledAt'>[]): Promise<void> {
    if (commissions.length > 0) {
      await manager.insert(Commission, commissions);
    }
  }

  /** The base follows the order total once catalog fixed the prices. */
  async rebase(manager: EntityManager, orderId: string, baseFen: number): Promise<void> {
    await manager.query(
      `UPDATE commission SET base_fen = $2::bigint, amount_fen = round($2::numeric * rate_bp / 10000)
        WHERE order_id = $1 AND status = 'pending'`,
      [orderId, baseFen],
    );
  }

  async settle(
    manager: EntityManager,
    orderId: string,
    status: CommissionStatus.Earned | CommissionStatus.Void,
  ): Promise<void> {
    await manager.query(
      `UPDATE commission SET status = $2, settled_at = now() WHERE order_id = $1 AND status = 'pending'`,
      [orderId, status],
    );
  }

  find(orderId: string): Promise<Commission | null> {
    return this.db.manager.getRepository(Commission).findOneBy({ orderId });
  }

  listForOrg(operatorOrgId: string, limit: number): Promise<Commission[]> {
    return this.db.manager
      .getRepository(Commission)
      .find({ where: { operatorOrgId }, order: { createdAt: 'DESC' }, take: limit });
  }

  async totalsForOrg(operatorOrgId: string): Promise<Record<CommissionStatus, number>> {
    const rows = await this.db.manager.query<{ status: CommissionStatus; total: string }[]>(
      `SELECT status, sum(amount_fen) AS total FROM commission WHERE operator_org_id = $1 GROUP BY status`,
      [operatorOrgId],
    );
    const totals = { [CommissionStatus.Pending]: 0, [CommissionStatus.Earned]: 0, [CommissionStatus.Void]: 0 };
    for (const row of rows) {
      totals[row.status] = Number(row.total);
    }
    return totals;
  }
}

import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { NetworkNode, Vehicle } from '../network/network.entities';
import { Run, RunItem } from '../run/run.entities';
import { CustodyKind, Shipment, ShipmentStatus } from '../shipment/shipment.entities';
import { ExceptionKind, NodeException } from './node.entities';

/** The most parcels one list of a workspace shows (a hub on a busy day holds a few thousand). */
export const WORKSPACE_LIMIT = 2000;

/** What a node's workspace reads: who holds what there, the day's runs and scans, its exceptions. */
@Injectable()
export class NodeRepository {
  constructor(private readonly db: TransactionalConnection) {}

  /** Parcels in the node's custody now. */
  heldAt(nodeId: string): Promise<Shipment[]> {
    return this.db.manager.getRepository(Shipment).find({
      where: {
        custodyKind: CustodyKind.Node,
        custodyNodeId: nodeId,
        status: In([ShipmentStatus.AtNode, ShipmentStatus.ReadyForPickup, ShipmentStatus.Returning]),
      },
      order: { custodySince: 'ASC' },
      take: WORKSPACE_LIMIT,
    });
  }

  /** Produce a seller is to hand in at this village point. */
  awaitingHandIn(nodeId: string): Promise<Shipment[]> {
    return this.db.manager.getRepository(Shipment).find({
      where: { originNodeId: nodeId, status: ShipmentStatus.AwaitingHandover },
      order: { createdAt: 'ASC' },
      take: WORKSPACE_LIMIT,
    });
  }

  /** Goods the county's merchants are to bring to the hub. */
  goodsAwaitingHub(countyCode: string, hubId: string): Promise<Shipment[]> {
    return this.db.manager
      .getRepository(Shipment)
      .createQueryBuilder('s')
      .where('s.county_code = :countyCode AND s.status = :status', {
        countyCode,
        status: ShipmentStatus.AwaitingHandover,
      })
      .andWhere('s.path[1] = :hubId', { hubId })
      .orderBy('s.created_at', 'ASC')
      .take(WORKSPACE_LIMIT)
      .getMany();
  }

  /**
   * Parcels on a van now whose way to the hub still passes this town station: produce its villages handed to the
   * van, which the station may scan in on the way (an arrival further along the path) and send on.
   */
  passingToHub(stationId: string, hubId: string): Promise<Shipment[]> {
    return this.db.manager
      .getRepository(Shipment)
      .createQueryBuilder('s')
      .where('s.status = :status AND s.custody_kind = :vehicle', {
        status: ShipmentStatus.InTransit,
        vehicle: CustodyKind.Vehicle,
      })
      .andWhere('array_position(s.path, :stationId::uuid) - 1 > s.position', { stationId })
      .andWhere('array_position(s.path, :hubId::uuid) > array_position(s.path, :stationId::uuid)', { hubId })
      .orderBy('s.custody_since', 'ASC')
      .take(WORKSPACE_LIMIT)
      .getMany();
  }

  findShipments(ids: string[]): Promise<Shipment[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.db.manager.getRepository(Shipment).findBy({ id: In(ids.slice(0, WORKSPACE_LIMIT)) });
  }

  /** The day's runs that stop at the node (not cancelled). */
  /**
   * The day's runs that stop at the node — or, for a town station, at it or at one of its village points: the vans
   * that come through its town, which it receives from.
   */
  runsStoppingAt(nodeId: string, runDate: string): Promise<Run[]> {
    return this.db.manager
      .getRepository(Run)
      .createQueryBuilder('r')
      .where('r.run_date = :runDate AND r.status <> :cancelled', { runDate, cancelled: 'cancelled' })
      .andWhere(
        `EXISTS (SELECT 1 FROM run_stop s JOIN node n ON n.id = s.node_id
                 WHERE s.run_id = r.id AND (n.id = :nodeId OR (n.parent_id = :nodeId AND n.level = 'village_point')))`,
        { nodeId },
      )
      .orderBy('r.vehicle_id')
      .addOrderBy('r.trip')
      .getMany();
  }

  runItems(runIds: string[]): Promise<RunItem[]> {
    return runIds.length === 0
      ? Promise.resolve([])
      : this.db.manager.getRepository(RunItem).findBy({ runId: In(runIds) });
  }

  vehicles(ids: string[]): Promise<Vehicle[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.db.manager.getRepository(Vehicle).findBy({ id: In(ids) });
  }

  /** Scans at the node between two instants, counted by kind. */
  async scanCounts(nodeId: string, from: Date, to: Date): Promise<Map<string, number>> {
    const rows = await this.db.manager.query<{ kind: string; n: number }[]>(
      `SELECT kind, count(*)::int AS n FROM scan WHERE node_id = $1 AND at >= $2 AND at < $3 GROUP BY kind`,
      [nodeId, from, to],
    );
    return new Map(rows.map((row) => [row.kind, row.n]));
  }

  async shelvedCount(nodeId: string, from: Date, to: Date): Promise<number> {
    const [{ n }] = await this.db.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM shipment WHERE destination_node_id = $1 AND shelved_at >= $2 AND shelved_at < $3`,
      [nodeId, from, to],
    );
    return n;
  }

  /** The node's exceptions recorded between two instants, and every one still open. */
  exceptions(nodeId: string, from: Date, to: Date): Promise<NodeException[]> {
    return this.db.manager
      .getRepository(NodeException)
      .createQueryBuilder('e')
      .where('e.node_id = :nodeId', { nodeId })
      .andWhere('((e.at >= :from AND e.at < :to) OR e.resolved_at IS NULL)', { from, to })
      .orderBy('e.at', 'DESC')
      .take(WORKSPACE_LIMIT)
      .getMany();
  }

  insertException(
    manager: EntityManager,
    exception: {
      nodeId: string;
      shipmentId: string;
      kind: ExceptionKind;
      note: string | null;
      weighedGrams: number | null;
      recordedBy: string;
      at: Date;
    },
  ): Promise<NodeException> {
    return manager
      .getRepository(NodeException)
      .save({ ...exception, resolvedBy: null, resolvedAt: null, resolution: null });
  }

  findException(manager: EntityManager, nodeId: string, id: string): Promise<NodeException | null> {
    return manager.getRepository(NodeException).findOneBy({ id, nodeId });
  }

  /** Resolves an open exception; false when it was already resolved (a single conditional UPDATE). */
  async resolveException(
    manager: EntityManager,
    id: string,
    resolution: { resolvedBy: string; resolvedAt: Date; resolution: string | null },
  ): Promise<boolean> {
    const result = await manager.getRepository(NodeException).update({ id, resolvedAt: IsNull() }, resolution);
    return (result.affected ?? 0) > 0;
  }

  /** Active nodes run by any of the organisations, the hub first, then stations, then points. */
  nodesOperatedBy(orgIds: string[]): Promise<NetworkNode[]> {
    return orgIds.length === 0
      ? Promise.resolve([])
      : this.db.manager
          .getRepository(NetworkNode)
          .find({ where: { operatorOrgId: In(orgIds), active: true }, order: { code: 'ASC' } });
  }

  vehiclesDrivenBy(userId: string): Promise<Vehicle[]> {
    return this.db.manager
      .getRepository(Vehicle)
      .find({ where: { driverUserId: userId, active: true }, order: { plate: 'ASC' } });
  }
}

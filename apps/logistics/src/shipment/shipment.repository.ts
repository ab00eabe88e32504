import { insertEntities, TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Brackets, EntityManager, FindOptionsWhere, In, LessThanOrEqual } from 'typeorm';
import {
  canApplyShipment,
  illegalShipmentTransition,
  SHIPMENT_TRANSITIONS,
  ShipmentTransition,
} from './shipment-state';
import {
  ConsentRecord,
  CustodyKind,
  LegMode,
  LegStatus,
  OrderCancellation,
  ReceiptRecord,
  Scan,
  Shipment,
  ShipmentLeg,
  ShipmentStatus,
  TemperatureReading,
} from './shipment.entities';

export interface ShipmentFilter {
  countyCode?: string;
  status?: ShipmentStatus;
  direction?: string;
  /** Shipments whose path, origin, destination or custody touches the node. */
  nodeId?: string;
  orderId?: string;
  sellerOrgId?: string;
  buyerId?: string;
  limit: number;
}

export interface SlotOccupancy {
  shelf: number;
  layer: number;
  parcels: number;
}

@Injectable()
export class ShipmentRepository {
  constructor(private readonly db: TransactionalConnection) {}

  find(id: string, manager: EntityManager): Promise<Shipment | null> {
    return manager.getRepository(Shipment).findOneBy({ id });
  }

  findOne(where: { id: string } | { parcelCode: string }, manager: EntityManager): Promise<Shipment | null> {
    return manager.getRepository(Shipment).findOneBy(where);
  }

  findByOrder(orderId: string, manager: EntityManager): Promise<Shipment | null> {
    return manager.getRepository(Shipment).findOneBy({ orderId });
  }

  /** Reads the shipment and holds its row until the transaction ends, so scans of one parcel happen one at a time. */
  lock(manager: EntityManager, id: string): Promise<Shipment | null> {
    return this.lockOne(manager, { id });
  }

  /** {@link lock} by a unique column (`id`, `orderId` or `parcelCode`): one read, not a find and then a lock. */
  lockOne(
    manager: EntityManager,
    where: Pick<FindOptionsWhere<Shipment>, 'id' | 'orderId' | 'parcelCode'>,
  ): Promise<Shipment | null> {
    return manager.getRepository(Shipment).findOne({ where, lock: { mode: 'pessimistic_write' } });
  }

  /** {@link lock} for several shipments in one read, their rows locked in id order (as every batch locks them). */
  lockMany(manager: EntityManager, ids: string[]): Promise<Shipment[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : manager
          .getRepository(Shipment)
          .find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }

  findMany(ids: string[], manager: EntityManager): Promise<Shipment[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.getRepository(Shipment).findBy({ id: In(ids) });
  }

  /**
   * New shipments (their ids given) with their legs and consent records, in one statement sent ahead where the
   * connection can: it leaves with the transaction's next statement (the outbox insert and the COMMIT), which fails
   * if it did (a parcel code drawn twice, say).
   */
  async insertNew(
    manager: EntityManager,
    shipments: Shipment[],
    legs: Partial<ShipmentLeg>[],
    consents: Partial<ConsentRecord>[],
  ): Promise<void> {
    await insertEntities(
      manager,
      [
        { entity: Shipment, objects: shipments },
        { entity: ShipmentLeg, objects: legs },
        { entity: ConsentRecord, objects: consents },
      ],
      { ahead: true },
    );
  }

  /**
   * Writes the columns of a shipment read (and locked) earlier in the same transaction: one UPDATE, no re-read.
   * Never its status: that changes only through {@link transition}.
   */
  async save(manager: EntityManager, shipment: Shipment): Promise<Shipment> {
    const { id, ...columns }: Partial<Shipment> = shipment;
    delete columns.status;
    await manager.getRepository(Shipment).update(id, columns);
    return shipment;
  }

  /**
   * Moves the shipment along a named transition (shipment-state.ts): refused with 409 `illegal-transition` unless
   * its status is one the transition starts from, checked on the locked row and again by the UPDATE's
   * `WHERE status = ANY(from)`; the row's other changes are written in the same statement.
   */
  async transition(manager: EntityManager, shipment: Shipment, transition: ShipmentTransition): Promise<void> {
    const rule = SHIPMENT_TRANSITIONS[transition];
    if (!canApplyShipment(shipment.status, transition)) {
      throw illegalShipmentTransition(shipment.parcelCode, shipment.status, transition);
    }
    const { id, ...columns } = shipment;
    const result = await manager
      .getRepository(Shipment)
      .update({ id, status: In([...rule.from]) }, { ...columns, status: rule.to });
    if (!result.affected) {
      throw illegalShipmentTransition(shipment.parcelCode, shipment.status, transition);
    }
    shipment.status = rule.to;
  }

  async insertLegs(manager: EntityManager, legs: Partial<ShipmentLeg>[]): Promise<void> {
    if (legs.length > 0) {
      await manager.getRepository(ShipmentLeg).insert(legs);
    }
  }

  legs(shipmentId: string, manager: EntityManager): Promise<ShipmentLeg[]> {
    return manager.getRepository(ShipmentLeg).find({ where: { shipmentId }, order: { seq: 'ASC' } });
  }

  async nextLegSeq(manager: EntityManager, shipmentId: string): Promise<number> {
    const [{ next }] = await manager.query<{ next: number }[]>(
      'SELECT coalesce(max(seq), -1)::int + 1 AS next FROM shipment_leg WHERE shipment_id = $1',
      [shipmentId],
    );
    return next;
  }

  /** Every hop that leaves a node before `position` on the path is done (a run may pass a town station by). */
  async completeHopsBefore(manager: EntityManager, shipmentId: string, position: number, at: Date): Promise<void> {
    await manager.query(
      `UPDATE shipment_leg SET status = 'done', completed_at = $3
        WHERE shipment_id = $1 AND hop < $2 AND status = 'pending'`,
      [shipmentId, position, at],
    );
  }

  async setFinalLeg(
    manager: EntityManager,
    shipmentId: string,
    mode: LegMode,
    status: LegStatus,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE shipment_leg SET status = $3, completed_at = $4 WHERE shipment_id = $1 AND mode = $2 AND status = 'pending'`,
      [shipmentId, mode, status, at],
    );
  }

  async cancelPendingLegs(manager: EntityManager, shipmentId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE shipment_leg SET status = 'cancelled', completed_at = $2 WHERE shipment_id = $1 AND status = 'pending'`,
      [shipmentId, at],
    );
  }

  lastScan(manager: EntityManager, shipmentId: string): Promise<Scan | null> {
    return manager.getRepository(Scan).findOne({ where: { shipmentId }, order: { seq: 'DESC' } });
  }

  /** Appends a scan with the next sequence number; callers hold the shipment's row lock, so it cannot collide. */
  async insertScan(manager: EntityManager, scan: Omit<Scan, 'id' | 'seq'>): Promise<Scan> {
    const [row] = await manager.query<{ id: string; seq: number }[]>(
      `INSERT INTO scan (shipment_id, seq, kind, node_id, node_code, node_name, actor_id, actor_kind, at, temperature_c,
                         vehicle_id, run_id, details)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM scan WHERE shipment_id = $1
       RETURNING id, seq`,
      [
        scan.shipmentId,
        scan.kind,
        scan.nodeId,
        scan.nodeCode,
        scan.nodeName,
        scan.actorId,
        scan.actorKind,
        scan.at,
        scan.temperatureC,
        scan.vehicleId,
        scan.runId,
        scan.details === null ? null : JSON.stringify(scan.details),
      ],
    );
    return { ...scan, id: row.id, seq: row.seq };
  }

  scans(shipmentId: string): Promise<Scan[]> {
    return this.db.manager.getRepository(Scan).find({ where: { shipmentId }, order: { seq: 'ASC' } });
  }

  async insertReading(manager: EntityManager, reading: Omit<TemperatureReading, 'id'>): Promise<void> {
    await manager.getRepository(TemperatureReading).insert(reading);
  }

  readings(shipmentId: string): Promise<TemperatureReading[]> {
    return this.db.manager.getRepository(TemperatureReading).find({ where: { shipmentId }, order: { at: 'ASC' } });
  }

  async excursions(
    countyCode: string,
    limit: number,
  ): Promise<(TemperatureReading & { parcelCode: string; orderId: string })[]> {
    const rows = await this.db.manager.query<(TemperatureReading & { parcelCode: string; orderId: string })[]>(
      `SELECT r.id, r.shipment_id AS "shipmentId", r.node_id AS "nodeId", r.node_code AS "nodeCode",
              r.vehicle_id AS "vehicleId", r.reading_c AS "readingC", r.min_c AS "minC", r.max_c AS "maxC",
              r.at, s.parcel_code AS "parcelCode", s.order_id AS "orderId"
         FROM temperature_reading r JOIN shipment s ON s.id = r.shipment_id
        WHERE r.excursion AND s.county_code = $1
        ORDER BY r.at DESC LIMIT $2`,
      [countyCode, limit],
    );
    return rows.map((row) => ({ ...row, excursion: true, at: new Date(row.at) }));
  }

  consents(shipmentId: string): Promise<ConsentRecord[]> {
    return this.db.manager.getRepository(ConsentRecord).find({ where: { shipmentId }, order: { at: 'ASC' } });
  }

  async insertReceipt(manager: EntityManager, receipt: Omit<ReceiptRecord, 'id'>): Promise<ReceiptRecord> {
    const id = randomUUID();
    await manager.getRepository(ReceiptRecord).insert({ ...receipt, id });
    return { ...receipt, id };
  }

  receipt(shipmentId: string): Promise<ReceiptRecord | null> {
    return this.db.manager.getRepository(ReceiptRecord).findOneBy({ shipmentId });
  }

  /**
   * Of the orders given, which have a shipment already and the order.cancelled logistics received for each before
   * it was paid for here, in one statement sent through `manager.query` at once (so that it can be read together
   * with others). Keyed by order id in lower case.
   */
  async shipmentsAndCancellationsOf(
    manager: EntityManager,
    orderIds: string[],
  ): Promise<{ shipped: Set<string>; cancellations: Map<string, OrderCancellation> }> {
    const rows = await manager.query<
      (Omit<OrderCancellation, 'orderId' | 'reason'> & { orderId: string; shipped: boolean; reason: string | null })[]
    >(
      `SELECT o.order_id AS "orderId", EXISTS (SELECT 1 FROM shipment s WHERE s.order_id = o.order_id) AS shipped,
              c.reason, c.was_paid AS "wasPaid", c.outcome, c.shipment_id AS "shipmentId", c.received_at AS "receivedAt"
         FROM unnest($1::uuid[]) AS o(order_id) LEFT JOIN order_cancellation c ON c.order_id = o.order_id`,
      [orderIds],
    );
    const shipped = new Set<string>();
    const cancellations = new Map<string, OrderCancellation>();
    for (const { shipped: has, reason, ...row } of rows) {
      if (has) shipped.add(row.orderId);
      if (reason !== null) cancellations.set(row.orderId, { ...row, reason });
    }
    return { shipped, cancellations };
  }

  findCancellation(manager: EntityManager, orderId: string): Promise<OrderCancellation | null> {
    return manager.getRepository(OrderCancellation).findOneBy({ orderId });
  }

  /** Gives the cancellations received before their orders were paid for here the shipments made since, in one statement. */
  async linkCancellations(manager: EntityManager, links: { orderId: string; shipmentId: string }[]): Promise<void> {
    await manager.query(
      `UPDATE order_cancellation c SET shipment_id = l.shipment_id
         FROM unnest($1::uuid[], $2::uuid[]) AS l(order_id, shipment_id) WHERE c.order_id = l.order_id`,
      [links.map((link) => link.orderId), links.map((link) => link.shipmentId)],
    );
  }

  async saveCancellation(manager: EntityManager, cancellation: OrderCancellation): Promise<void> {
    await manager.getRepository(OrderCancellation).save(cancellation);
  }

  /** Litres of cold-chain goods waiting at a node right now. */
  async coldVolumeAt(manager: EntityManager, nodeId: string): Promise<number> {
    const [{ ml }] = await manager.query<{ ml: string }[]>(
      `SELECT coalesce(sum(volume_ml), 0)::bigint AS ml FROM shipment
        WHERE custody_kind = 'node' AND custody_node_id = $1 AND temperature_class <> 'ambient'
          AND status NOT IN ('delivered', 'cancelled')`,
      [nodeId],
    );
    return Number(ml);
  }

  search(filter: ShipmentFilter): Promise<Shipment[]> {
    const query = this.db.manager.getRepository(Shipment).createQueryBuilder('s');
    if (filter.countyCode) query.andWhere('s.county_code = :countyCode', { countyCode: filter.countyCode });
    if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
    if (filter.direction) query.andWhere('s.direction = :direction', { direction: filter.direction });
    if (filter.orderId) query.andWhere('s.order_id = :orderId', { orderId: filter.orderId });
    if (filter.sellerOrgId) query.andWhere('s.seller_org_id = :sellerOrgId', { sellerOrgId: filter.sellerOrgId });
    if (filter.buyerId) query.andWhere('s.buyer_id = :buyerId', { buyerId: filter.buyerId });
    if (filter.nodeId) {
      query.andWhere(
        new Brackets((where) =>
          where
            .where(':nodeId = ANY(s.path)')
            .orWhere('s.custody_node_id = :nodeId')
            .orWhere('s.destination_node_id = :nodeId')
            .orWhere('s.origin_node_id = :nodeId'),
        ),
        { nodeId: filter.nodeId },
      );
    }
    return query.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'ASC').take(filter.limit).getMany();
  }

  // ------------------------------------------------------------------ village points

  /** Parcels per shelf slot waiting at a point, under the point's row lock held by the caller. */
  async slotOccupancy(manager: EntityManager, nodeId: string): Promise<SlotOccupancy[]> {
    return await manager.query<SlotOccupancy[]>(
      `SELECT shelf, layer, count(*)::int AS parcels FROM shipment
        WHERE destination_node_id = $1 AND status = 'ready_for_pickup' GROUP BY shelf, layer`,
      [nodeId],
    );
  }

  async usedPickupNumbers(manager: EntityManager, nodeId: string): Promise<Set<string>> {
    const rows = await manager.query<{ number: string }[]>(
      `SELECT pickup_number AS number FROM shipment WHERE destination_node_id = $1 AND status = 'ready_for_pickup'`,
      [nodeId],
    );
    return new Set(rows.map((row) => row.number));
  }

  lockReadyByCode(manager: EntityManager, nodeId: string, pickupCode: string): Promise<Shipment | null> {
    return manager.getRepository(Shipment).findOne({
      where: { destinationNodeId: nodeId, pickupCode, status: ShipmentStatus.ReadyForPickup },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The latest parcel at the point that had this code and is no longer waiting (collected or sent back). */
  findSpentCode(manager: EntityManager, nodeId: string, pickupCode: string): Promise<Shipment | null> {
    return manager.getRepository(Shipment).findOne({
      where: {
        destinationNodeId: nodeId,
        pickupCode,
        status: In([ShipmentStatus.Delivered, ShipmentStatus.Returning, ShipmentStatus.Returned]),
      },
      order: { updatedAt: 'DESC' },
    });
  }

  shelvedBetween(nodeId: string, from: Date, to: Date): Promise<Shipment[]> {
    return this.db.manager
      .getRepository(Shipment)
      .createQueryBuilder('s')
      .where('s.destination_node_id = :nodeId', { nodeId })
      .andWhere('s.shelved_at >= :from AND s.shelved_at < :to', { from, to })
      .orderBy('s.shelved_at', 'ASC')
      .getMany();
  }

  onShelves(nodeId: string): Promise<Shipment[]> {
    return this.db.manager.getRepository(Shipment).find({
      where: { destinationNodeId: nodeId, status: ShipmentStatus.ReadyForPickup },
      order: { shelf: 'ASC', layer: 'ASC', shelvedAt: 'ASC' },
    });
  }

  dueBy(nodeId: string, horizon: Date): Promise<Shipment[]> {
    return this.db.manager.getRepository(Shipment).find({
      where: { destinationNodeId: nodeId, status: ShipmentStatus.ReadyForPickup, collectBy: LessThanOrEqual(horizon) },
      order: { collectBy: 'ASC' },
    });
  }

  /** Parcels held at the node that go up next: handed-in produce and returns waiting for a run. */
  waitingToGoUp(nodeId: string): Promise<Shipment[]> {
    return this.db.manager.getRepository(Shipment).find({
      where: [
        { custodyKind: CustodyKind.Node, custodyNodeId: nodeId, status: ShipmentStatus.AtNode },
        { custodyKind: CustodyKind.Node, custodyNodeId: nodeId, status: ShipmentStatus.Returning },
      ],
      order: { custodySince: 'ASC' },
    });
  }

  /** Parcels held at any node of the county (candidates for the day's runs). */
  heldInCounty(manager: EntityManager, countyCode: string): Promise<Shipment[]> {
    return manager.getRepository(Shipment).find({
      where: [
        { countyCode, custodyKind: CustodyKind.Node, status: ShipmentStatus.AtNode },
        { countyCode, custodyKind: CustodyKind.Node, status: ShipmentStatus.Returning },
      ],
    });
  }

  // ------------------------------------------------------------------ retention sweep

  /** Shelved parcels whose reminder is due (deadline minus the county's reminder hours has passed). */
  async dueReminders(manager: EntityManager, now: Date, limit: number): Promise<Shipment[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT s.id FROM shipment s LEFT JOIN county_settings c ON c.county_code = s.county_code
        WHERE s.status = 'ready_for_pickup' AND s.reminder_sent_at IS NULL AND s.collect_by > $1
          AND s.collect_by - make_interval(hours => coalesce(c.reminder_hours_before, 24)) <= $1
        ORDER BY s.collect_by LIMIT $2 FOR UPDATE OF s SKIP LOCKED`,
      [now, limit],
    );
    return this.findMany(
      rows.map((row) => row.id),
      manager,
    );
  }

  async dueReturns(manager: EntityManager, now: Date, limit: number): Promise<Shipment[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM shipment WHERE status = 'ready_for_pickup' AND collect_by <= $1
        ORDER BY collect_by LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return this.findMany(
      rows.map((row) => row.id),
      manager,
    );
  }
}

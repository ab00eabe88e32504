import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Vehicle } from '../network/network.entities';
import { canApplyRun, illegalRunTransition, RUN_TRANSITIONS, RunTransition } from './run-state';
import { Run, RunItem, RunStatus, RunStop } from './run.entities';

@Injectable()
export class RunRepository {
  constructor(private readonly db: TransactionalConnection) {}

  find(id: string, manager: EntityManager): Promise<Run | null> {
    return manager.getRepository(Run).findOneBy({ id });
  }

  lock(manager: EntityManager, id: string): Promise<Run | null> {
    return manager.getRepository(Run).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Inserts a planned run. */
  insert(manager: EntityManager, run: Omit<Run, 'id'>): Promise<Run> {
    return manager.getRepository(Run).save(run);
  }

  async setDistance(manager: EntityManager, runId: string, distanceKm: number): Promise<void> {
    await manager.getRepository(Run).update(runId, { distanceKm });
  }

  /** Marks a planned run as carrying cold goods (a cold parcel was added by hand). */
  async markCold(manager: EntityManager, runId: string): Promise<void> {
    await manager.getRepository(Run).update(runId, { cold: true });
  }

  /**
   * Moves the run along a named transition (run-state.ts) with one conditional UPDATE (`WHERE status =
   * ANY(from)`), stamping its time; 409 `illegal-transition` otherwise. The caller holds the run's row lock.
   */
  async transition(manager: EntityManager, run: Run, transition: RunTransition, at: Date): Promise<void> {
    const rule = RUN_TRANSITIONS[transition];
    if (!canApplyRun(run.status, transition)) {
      throw illegalRunTransition(run.id, run.status, transition);
    }
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE run SET status = $2, ${rule.stamps} = $3 WHERE id = $1 AND status = ANY($4::text[])`,
      [run.id, rule.to, at, rule.from],
    );
    if (affected === 0) {
      throw illegalRunTransition(run.id, run.status, transition);
    }
    run.status = rule.to;
    if (rule.stamps === 'dispatched_at') {
      run.dispatchedAt = at;
    } else {
      run.completedAt = at;
    }
  }

  runsOn(countyCode: string, runDate: string): Promise<Run[]> {
    return this.db.manager
      .getRepository(Run)
      .find({ where: { countyCode, runDate }, order: { vehicleId: 'ASC', trip: 'ASC' } });
  }

  /** A driver's runs on a day: the runs of the vehicles assigned to them (not cancelled). */
  runsOfDriver(userId: string, runDate: string): Promise<Run[]> {
    return this.db.manager
      .getRepository(Run)
      .createQueryBuilder('r')
      .innerJoin(Vehicle, 'v', 'v.id = r.vehicle_id')
      .where('v.driver_user_id = :userId AND r.run_date = :runDate AND r.status <> :cancelled', {
        userId,
        runDate,
        cancelled: RunStatus.Cancelled,
      })
      .orderBy('r.trip')
      .getMany();
  }

  stops(runId: string, manager: EntityManager): Promise<RunStop[]> {
    return manager.getRepository(RunStop).find({ where: { runId }, order: { seq: 'ASC' } });
  }

  items(runId: string, manager: EntityManager): Promise<RunItem[]> {
    return manager.getRepository(RunItem).find({ where: { runId } });
  }

  /** Drops the day's runs that were planned but not dispatched, so planning again starts clean. */
  async deletePlanned(manager: EntityManager, countyCode: string, runDate: string): Promise<void> {
    await manager.query(`DELETE FROM run WHERE county_code = $1 AND run_date = $2 AND status = 'planned'`, [
      countyCode,
      runDate,
    ]);
  }

  async nextTrip(manager: EntityManager, vehicleId: string, runDate: string): Promise<number> {
    const [{ next }] = await manager.query<{ next: number }[]>(
      `SELECT coalesce(max(trip), 0)::int + 1 AS next FROM run WHERE vehicle_id = $1 AND run_date = $2 AND status <> 'cancelled'`,
      [vehicleId, runDate],
    );
    return next;
  }

  async replaceStops(manager: EntityManager, runId: string, nodeIds: string[]): Promise<void> {
    await manager.getRepository(RunStop).delete({ runId });
    if (nodeIds.length > 0) {
      await manager.getRepository(RunStop).insert(nodeIds.map((nodeId, seq) => ({ runId, seq, nodeId })));
    }
  }

  async insertItems(manager: EntityManager, items: RunItem[]): Promise<void> {
    for (let index = 0; index < items.length; index += 1000) {
      await manager.getRepository(RunItem).insert(items.slice(index, index + 1000));
    }
  }

  async deleteItem(manager: EntityManager, runId: string, shipmentId: string): Promise<number> {
    const result = await manager.getRepository(RunItem).delete({ runId, shipmentId });
    return result.affected ?? 0;
  }

  /** Parcel ids (per action) already on a planned or dispatched run of the county. */
  async busyShipments(manager: EntityManager, countyCode: string): Promise<Set<string>> {
    const rows = await manager.query<{ id: string; action: string }[]>(
      `SELECT i.shipment_id AS id, i.action FROM run_item i JOIN run r ON r.id = i.run_id
        WHERE r.county_code = $1 AND r.status IN ('planned', 'dispatched')`,
      [countyCode],
    );
    return new Set(rows.map((row) => `${row.id}:${row.action}`));
  }

  /** The planned or dispatched run item of a parcel for an action, if any. */
  async activeItem(
    manager: EntityManager,
    shipmentId: string,
    action: 'drop' | 'collect',
  ): Promise<(RunItem & { status: RunStatus }) | null> {
    const [row] = await manager.query<(RunItem & { status: RunStatus })[]>(
      `SELECT i.run_id AS "runId", i.shipment_id AS "shipmentId", i.action, i.node_id AS "nodeId",
              i.weight_grams::float8 AS "weightGrams", i.volume_ml::float8 AS "volumeMl", i.cold, r.status
         FROM run_item i JOIN run r ON r.id = i.run_id
        WHERE i.shipment_id = $1 AND i.action = $2 AND r.status IN ('planned', 'dispatched')`,
      [shipmentId, action],
    );
    return row ?? null;
  }

  /** Takes a cancelled parcel off every run that has not left yet, and drops stops left with nothing to do. */
  async releaseFromPlannedRuns(manager: EntityManager, shipmentId: string): Promise<void> {
    const rows = await manager.query<{ runId: string }[]>(
      `WITH released AS (
         DELETE FROM run_item i USING run r
          WHERE r.id = i.run_id AND i.shipment_id = $1 AND r.status = 'planned' RETURNING i.run_id
       ) SELECT DISTINCT run_id AS "runId" FROM released`,
      [shipmentId],
    );
    for (const runId of new Set(rows.map((row) => row.runId))) {
      await this.pruneStops(manager, runId);
    }
  }

  /** Removes stops with no item left and renumbers the rest. */
  async pruneStops(manager: EntityManager, runId: string): Promise<string[]> {
    const stops = await this.stops(runId, manager);
    const items = await this.items(runId, manager);
    const used = new Set(items.map((item) => item.nodeId));
    const kept = stops.filter((stop) => used.has(stop.nodeId)).map((stop) => stop.nodeId);
    if (kept.length !== stops.length) {
      await this.replaceStops(manager, runId, kept);
    }
    return kept;
  }

  /** Parcels due to be dropped at a node by the day's planned or dispatched runs. */
  async expectedDrops(nodeId: string, runDate: string): Promise<string[]> {
    const rows = await this.db.manager.query<{ id: string }[]>(
      `SELECT i.shipment_id AS id FROM run_item i JOIN run r ON r.id = i.run_id
        WHERE i.node_id = $1 AND i.action = 'drop' AND r.run_date = $2 AND r.status IN ('planned', 'dispatched')`,
      [nodeId, runDate],
    );
    return rows.map((row) => row.id);
  }
}

import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere, In } from 'typeorm';
import { CountySettings, DEFAULT_COUNTY_SETTINGS, NetworkNode, NodeLevel, Route, Vehicle } from './network.entities';

@Injectable()
export class NetworkRepository {
  constructor(private readonly db: TransactionalConnection) {}

  findNode(id: string, manager: EntityManager): Promise<NetworkNode | null> {
    return manager.getRepository(NetworkNode).findOneBy({ id });
  }

  /** The node, or 404 `node-not-found`. */
  async requireNode(id: string, manager: EntityManager): Promise<NetworkNode> {
    const node = await this.findNode(id, manager);
    if (!node) {
      throw new Problem(404, 'node-not-found', `no node ${id}`);
    }
    return node;
  }

  findNodeByCode(code: string, manager: EntityManager): Promise<NetworkNode | null> {
    return manager.getRepository(NetworkNode).findOneBy({ code });
  }

  findNodes(ids: string[], manager: EntityManager): Promise<NetworkNode[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.getRepository(NetworkNode).findBy({ id: In(ids) });
  }

  /**
   * Holds the node's row until the transaction ends (one shelving at a time per village point). FOR NO KEY UPDATE,
   * not FOR UPDATE: rows inserted elsewhere that reference the node (scans) take KEY SHARE on it, which this does
   * not wait for, so a scan written by another transaction never blocks a shelving. Lock order: docs/logistics.md.
   */
  async lockNode(manager: EntityManager, id: string): Promise<void> {
    await manager
      .getRepository(NetworkNode)
      .findOne({ where: { id }, select: { id: true }, lock: { mode: 'for_no_key_update' } });
  }

  findHub(countyCode: string, manager: EntityManager): Promise<NetworkNode | null> {
    return manager.getRepository(NetworkNode).findOneBy({ countyCode, level: NodeLevel.CountyHub });
  }

  /** The village point run by a service point organisation (in the county, when there are several). */
  async findPointOfOrg(orgId: string, countyCode: string, manager: EntityManager): Promise<NetworkNode | null> {
    const points = await manager
      .getRepository(NetworkNode)
      .find({ where: { operatorOrgId: orgId, level: NodeLevel.VillagePoint, active: true }, order: { code: 'ASC' } });
    return points.find((point) => point.countyCode === countyCode) ?? points[0] ?? null;
  }

  searchNodes(where: FindOptionsWhere<NetworkNode>): Promise<NetworkNode[]> {
    return this.db.manager.getRepository(NetworkNode).find({ where, order: { code: 'ASC' } });
  }

  /** Whether one of the organisations operates a node of the county. */
  operatesNodeIn(countyCode: string, orgIds: readonly string[]): Promise<boolean> {
    return orgIds.length === 0
      ? Promise.resolve(false)
      : this.db.manager.getRepository(NetworkNode).existsBy({ countyCode, operatorOrgId: In([...orgIds]) });
  }

  countyNodes(countyCode: string, manager: EntityManager): Promise<NetworkNode[]> {
    return manager.getRepository(NetworkNode).find({ where: { countyCode }, order: { code: 'ASC' } });
  }

  saveNode(manager: EntityManager, node: Partial<NetworkNode>): Promise<NetworkNode> {
    return manager.getRepository(NetworkNode).save(node);
  }

  /** The highest shelf and layer holding an uncollected parcel at a point. */
  async occupiedExtent(nodeId: string): Promise<{ shelf: number; layer: number }> {
    const [row] = await this.db.manager.query<{ shelf: number; layer: number }[]>(
      `SELECT coalesce(max(shelf), 0)::int AS shelf, coalesce(max(layer), 0)::int AS layer
         FROM shipment WHERE destination_node_id = $1 AND status = 'ready_for_pickup'`,
      [nodeId],
    );
    return row;
  }

  findVehicle(id: string, manager: EntityManager): Promise<Vehicle | null> {
    return manager.getRepository(Vehicle).findOneBy({ id });
  }

  countyVehicles(countyCode: string, manager: EntityManager): Promise<Vehicle[]> {
    return manager.getRepository(Vehicle).find({ where: { countyCode }, order: { plate: 'ASC' } });
  }

  findVehicleByPlate(plate: string): Promise<Vehicle | null> {
    return this.db.manager.getRepository(Vehicle).findOneBy({ plate });
  }

  saveVehicle(manager: EntityManager, vehicle: Partial<Vehicle>): Promise<Vehicle> {
    return manager.getRepository(Vehicle).save(vehicle);
  }

  findRoute(id: string): Promise<Route | null> {
    return this.db.manager.getRepository(Route).findOneBy({ id });
  }

  countyRoutes(countyCode: string, manager: EntityManager): Promise<Route[]> {
    return manager.getRepository(Route).find({ where: { countyCode }, order: { createdAt: 'ASC' } });
  }

  saveRoute(manager: EntityManager, route: Partial<Route>): Promise<Route> {
    return manager.getRepository(Route).save(route);
  }

  async settings(countyCode: string, manager: EntityManager): Promise<Omit<CountySettings, 'updatedBy' | 'updatedAt'>> {
    const found = await manager.getRepository(CountySettings).findOneBy({ countyCode });
    return found ?? { countyCode, ...DEFAULT_COUNTY_SETTINGS };
  }

  saveSettings(manager: EntityManager, settings: CountySettings): Promise<CountySettings> {
    return manager.getRepository(CountySettings).save(settings);
  }
}

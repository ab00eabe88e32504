import { Problem } from '@countyflow/kernel';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { CountySettings, DEFAULT_COUNTY_SETTINGS, NetworkNode, NodeLevel, Route, Vehicle } from './network.entities';

@Injectable()
export class NetworkRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findNode(id: string, manager?: EntityManager): Promise<NetworkNode | null> {
    return this.manager(manager).getRepository(NetworkNode).findOneBy({ id });
  }

  /** The node, or 404 `node-not-found`. */
  async requireNode(id: string, manager?: EntityManager): Promise<NetworkNode> {
    const node = await this.findNode(id, manager);
    if (!node) {
      throw new Problem(404, 'node-not-found', `no node ${id}`);
    }
    return node;
  }

  findNodeByCode(code: string, manager?: EntityManager): Promise<NetworkNode | null> {
    return this.manager(manager).getRepository(NetworkNode).findOneBy({ code });
  }

  findNodes(ids: string[], manager?: EntityManager): Promise<NetworkNode[]> {
    return ids.length === 0
      ? Promise.resolve([])
      : this.manager(manager)
          .getRepository(NetworkNode)
          .findBy({ id: In(ids) });
  }

  /** Holds the node's row until the transaction ends (one shelving at a time per village point). */
  async lockNode(manager: EntityManager, id: string): Promise<void> {
    await manager
      .getRepository(NetworkNode)
      .findOne({ where: { id }, select: { id: true }, lock: { mode: 'pessimistic_write' } });
  }

  findHub(countyCode: string, manager?: EntityManager): Promise<NetworkNode | null> {
    return this.manager(manager).getRepository(NetworkNode).findOneBy({ countyCode, level: NodeLevel.CountyHub });
  }

  /** The village point run by a service point organisation (in the county, when there are several). */
  async findPointOfOrg(orgId: string, countyCode: string, manager?: EntityManager): Promise<NetworkNode | null> {
    const points = await this.manager(manager)
      .getRepository(NetworkNode)
      .find({ where: { operatorOrgId: orgId, level: NodeLevel.VillagePoint, active: true }, order: { code: 'ASC' } });
    return points.find((point) => point.countyCode === countyCode) ?? points[0] ?? null;
  }

  searchNodes(where: FindOptionsWhere<NetworkNode>): Promise<NetworkNode[]> {
    return this.dataSource.getRepository(NetworkNode).find({ where, order: { code: 'ASC' } });
  }

  /** Whether one of the organisations operates a node of the county. */
  operatesNodeIn(countyCode: string, orgIds: readonly string[]): Promise<boolean> {
    return orgIds.length === 0
      ? Promise.resolve(false)
      : this.dataSource.getRepository(NetworkNode).existsBy({ countyCode, operatorOrgId: In([...orgIds]) });
  }

  countyNodes(countyCode: string, manager?: EntityManager): Promise<NetworkNode[]> {
    return this.manager(manager)
      .getRepository(NetworkNode)
      .find({ where: { countyCode }, order: { code: 'ASC' } });
  }

  saveNode(manager: EntityManager, node: Partial<NetworkNode>): Promise<NetworkNode> {
    return manager.getRepository(NetworkNode).save(node);
  }

  /** The highest shelf and layer holding an uncollected parcel at a point. */
  async occupiedExtent(nodeId: string): Promise<{ shelf: number; layer: number }> {
    const [row] = await this.dataSource.query<{ shelf: number; layer: number }[]>(
      `SELECT coalesce(max(shelf), 0)::int AS shelf, coalesce(max(layer), 0)::int AS layer
         FROM shipment WHERE destination_node_id = $1 AND status = 'ready_for_pickup'`,
      [nodeId],
    );
    return row;
  }

  findVehicle(id: string, manager?: EntityManager): Promise<Vehicle | null> {
    return this.manager(manager).getRepository(Vehicle).findOneBy({ id });
  }

  countyVehicles(countyCode: string, manager?: EntityManager): Promise<Vehicle[]> {
    return this.manager(manager)
      .getRepository(Vehicle)
      .find({ where: { countyCode }, order: { plate: 'ASC' } });
  }

  findVehicleByPlate(plate: string): Promise<Vehicle | null> {
    return this.dataSource.getRepository(Vehicle).findOneBy({ plate });
  }

  saveVehicle(manager: EntityManager, vehicle: Partial<Vehicle>): Promise<Vehicle> {
    return manager.getRepository(Vehicle).save(vehicle);
  }

  findRoute(id: string): Promise<Route | null> {
    return this.dataSource.getRepository(Route).findOneBy({ id });
  }

  countyRoutes(countyCode: string, manager?: EntityManager): Promise<Route[]> {
    return this.manager(manager)
      .getRepository(Route)
      .find({ where: { countyCode }, order: { createdAt: 'ASC' } });
  }

  saveRoute(manager: EntityManager, route: Partial<Route>): Promise<Route> {
    return manager.getRepository(Route).save(route);
  }

  async settings(
    countyCode: string,
    manager?: EntityManager,
  ): Promise<Omit<CountySettings, 'updatedBy' | 'updatedAt'>> {
    const found = await this.manager(manager).getRepository(CountySettings).findOneBy({ countyCode });
    return found ?? { countyCode, ...DEFAULT_COUNTY_SETTINGS };
  }

  saveSettings(manager: EntityManager, settings: CountySettings): Promise<CountySettings> {
    return manager.getRepository(CountySettings).save(settings);
  }
}

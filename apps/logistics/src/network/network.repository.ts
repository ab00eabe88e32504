import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsWhere, In } from 'typeorm';
import { CountySettings, DEFAULT_COUNTY_SETTINGS, NetworkNode, NodeLevel, Route, Vehicle } from './network.entities';

/** What routing needs to know of a node. */
export type RouteNode = Pick<NetworkNode, 'id' | 'code' | 'countyCode' | 'level' | 'parentId' | 'active'>;

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

  /**
   * What routing a parcel reads of the network, in one statement: the county's hub; the node coded `originCode`
   * and the village point run by `pointOrgId` (in the county, when it runs several), each followed by its parents
   * up the tree (at most four nodes a chain). A chain is empty when its node does not exist or is not asked for.
   */
  async routeNodes(
    manager: EntityManager,
    countyCode: string,
    originCode: string | null,
    pointOrgId: string | null,
  ): Promise<{ hub: RouteNode | null; origin: RouteNode[]; destination: RouteNode[] }> {
    const rows = await manager.query<(RouteNode & { chain: 'hub' | 'origin' | 'destination' })[]>(
      `WITH RECURSIVE start AS (
         SELECT 'origin' AS chain, id FROM node WHERE code = $2
         UNION ALL
         (SELECT 'destination', id FROM node
           WHERE operator_org_id = $3 AND level = '${NodeLevel.VillagePoint}' AND active
           ORDER BY county_code = $1 DESC, code LIMIT 1)
         UNION ALL
         (SELECT 'hub', id FROM node WHERE county_code = $1 AND level = '${NodeLevel.CountyHub}' LIMIT 1)
       ), chain AS (
         SELECT s.chain, 1 AS depth, n.* FROM start s JOIN node n ON n.id = s.id
         UNION ALL
         SELECT c.chain, c.depth + 1, n.* FROM chain c JOIN node n ON n.id = c.parent_id
          WHERE c.chain <> 'hub' AND c.depth < 4
       )
       SELECT chain, id, code, county_code AS "countyCode", level, parent_id AS "parentId", active
         FROM chain ORDER BY chain, depth`,
      [countyCode, originCode, pointOrgId],
    );
    const chain = (name: string): RouteNode[] => rows.filter((row) => row.chain === name);
    return { hub: chain('hub')[0] ?? null, origin: chain('origin'), destination: chain('destination') };
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

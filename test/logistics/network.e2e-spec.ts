import request from 'supertest';
import { Actor, countyStaff } from '../support/actors';
import { bearer, createNode, LogisticsWorld, NodeBody, pointOperator, startLogisticsWorld } from './support';

describe('the county network: nodes, vehicles, routes and county settings', () => {
  let world: LogisticsWorld;
  let hub: NodeBody;
  let town: NodeBody;
  let operator: Actor;

  beforeAll(async () => {
    world = await startLogisticsWorld();
    operator = await pointOperator(world, '360722100201');
    hub = await createNode(world, {
      code: '360722',
      name: '信丰县物流配送中心',
      latitude: 25.386,
      longitude: 114.922,
      coldStorage: true,
    });
    town = await createNode(world, {
      code: '360722100',
      name: '安西镇站',
      parentId: hub.id,
      latitude: 25.25,
      longitude: 114.95,
    });
  });

  afterAll(() => world.platform.stop());

  const post = (actor: Actor, path: string, body: object) =>
    request(world.logistics)
      .post(path)
      .set(...bearer(actor))
      .send(body);
  const village = {
    name: '大塘村服务站',
    latitude: 25.22,
    longitude: 114.97,
    hostType: 'village_shop',
    openingHours: '08:00-21:00',
    shelves: 3,
    layers: 4,
  };

  it('keeps each code extending its parent and each level under the right parent', async () => {
    const foreignCode = await post(world.staff, '/nodes', {
      ...village,
      code: '360722101201',
      parentId: town.id,
    }).expect(422);
    expect(foreignCode.headers['content-type']).toContain('application/problem+json');
    expect(foreignCode.body).toMatchObject({
      type: '/problems/node-placement',
      detail: "code 360722101201 does not extend its parent's code 360722100",
    });
    const underHub = await post(world.staff, '/nodes', { ...village, code: '360722100201', parentId: hub.id }).expect(
      422,
    );
    expect(underHub.body.detail).toMatch(/sits under a town station/);
    const noShelves = await post(world.staff, '/nodes', {
      ...village,
      code: '360722100201',
      parentId: town.id,
      shelves: 0,
    }).expect(422);
    expect(noShelves.body.type).toBe('/problems/shelves-required');
    const badCode = await post(world.staff, '/nodes', { ...village, code: '3607221002', parentId: town.id }).expect(
      400,
    );
    expect(badCode.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    const unknownField = await post(world.staff, '/nodes', {
      ...village,
      code: '360722100201',
      parentId: town.id,
      colour: 'red',
    }).expect(400);
    expect(unknownField.body.type).toBe('/problems/validation-failed');

    const created = await post(world.staff, '/nodes', {
      ...village,
      code: '360722100201',
      parentId: town.id,
      operatorOrgId: operator.orgId,
    }).expect(201);
    expect(created.body).toMatchObject({
      level: 'village_point',
      countyCode: '360722',
      shelves: 3,
      layers: 4,
      coldStorage: false,
    });
    await post(world.staff, '/nodes', { ...village, code: '360722100201', parentId: town.id }).expect(409);
    await post(world.staff, '/nodes', {
      code: '360722',
      name: '第二个中心',
      latitude: 25,
      longitude: 115,
      hostType: 'county_warehouse',
      openingHours: '全天',
    }).expect(409);

    const listed = await request(world.logistics)
      .get('/nodes')
      .query({ countyCode: '360722', level: 'village_point' })
      .expect(200);
    expect(listed.body.map((node: { code: string }) => node.code)).toEqual(['360722100201']);
    const changed = await request(world.logistics)
      .patch(`/nodes/${created.body.id}`)
      .set(...bearer(world.staff))
      .send({ openingHours: '07:30-20:30', coldStorage: true, coldCapacityLitres: 300 })
      .expect(200);
    expect(changed.body).toMatchObject({ openingHours: '07:30-20:30', coldStorage: true, coldCapacityLitres: 300 });
    // a null for a required field is "not given", never a database error
    const unchanged = await request(world.logistics)
      .patch(`/nodes/${created.body.id}`)
      .set(...bearer(world.staff))
      .send({ name: null })
      .expect(200);
    expect(unchanged.body.name).toBe('大塘村服务站');
    const badDay = await request(world.logistics)
      .get(`/points/${created.body.id}/arrivals`)
      .query({ date: '2026-02-30' })
      .set(...bearer(operator))
      .expect(400);
    expect(badDay.body.errors).toEqual([expect.objectContaining({ field: 'date' })]);
  });

  it('lets only county staff of the county manage it', async () => {
    const otherStaff = await countyStaff(world.identity, world.admin, '360723');
    const asOperator = await post(operator, '/nodes', { ...village, code: '360722100202', parentId: town.id }).expect(
      403,
    );
    expect(asOperator.body.type).toBe('/problems/not-county-staff');
    await post(otherStaff, '/nodes', { ...village, code: '360722100202', parentId: town.id }).expect(403);
    await post(otherStaff, '/vehicles', {
      countyCode: '360722',
      plate: '赣B·X0001',
      name: 'x',
      kind: 'van',
      capacityKg: 500,
      capacityLitres: 3000,
      refrigerated: false,
    }).expect(403);
    await request(world.logistics)
      .put('/counties/360722/settings')
      .set(...bearer(operator))
      .send({ retentionDays: 7 })
      .expect(403);
    await request(world.logistics)
      .post('/nodes')
      .send({ ...village, code: '360722100202', parentId: town.id })
      .expect(401);
  });

  it('registers vehicles and routes, a scheduled bus only with its timetable', async () => {
    const van = await post(world.staff, '/vehicles', {
      countyCode: '360722',
      plate: '赣B·D1001',
      name: '厢式货车',
      kind: 'van',
      capacityKg: 1500,
      capacityLitres: 8000,
      refrigerated: false,
    }).expect(201);
    const bus = await post(world.staff, '/vehicles', {
      countyCode: '360722',
      plate: '赣B·K3001',
      name: '安西班车',
      kind: 'bus',
      capacityKg: 300,
      capacityLitres: 1500,
      refrigerated: false,
    }).expect(201);
    await post(world.staff, '/vehicles', {
      countyCode: '360722',
      plate: '赣B·D1001',
      name: '重复',
      kind: 'van',
      capacityKg: 1,
      capacityLitres: 1,
      refrigerated: false,
    }).expect(409);
    const [point] = (
      await request(world.logistics).get('/nodes').query({ countyCode: '360722', level: 'village_point' })
    ).body;

    const route = await post(world.staff, '/routes', {
      vehicleId: van.body.id,
      name: '安西线',
      kind: 'run',
      weekdays: [1, 3, 5],
      nodeIds: [town.id],
    }).expect(201);
    expect(route.body).toMatchObject({ weekdays: [1, 3, 5], nodeIds: [town.id], timetable: null });
    const notABus = await post(world.staff, '/routes', {
      vehicleId: van.body.id,
      name: '班车',
      kind: 'scheduled_bus',
      weekdays: [1],
      nodeIds: [town.id],
      timetable: [{ nodeId: town.id, departs: '07:30' }],
    }).expect(422);
    expect(notABus.body.type).toBe('/problems/not-a-bus');
    await post(world.staff, '/routes', {
      vehicleId: bus.body.id,
      name: '班车',
      kind: 'scheduled_bus',
      weekdays: [1],
      nodeIds: [town.id],
    }).expect(422);
    const backwards = await post(world.staff, '/routes', {
      vehicleId: bus.body.id,
      name: '班车',
      kind: 'scheduled_bus',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      nodeIds: [town.id, point.id],
      timetable: [
        { nodeId: town.id, departs: '09:00' },
        { nodeId: point.id, departs: '08:40' },
      ],
    }).expect(422);
    expect(backwards.body.type).toBe('/problems/timetable-order');
    const timetabled = await post(world.staff, '/routes', {
      vehicleId: bus.body.id,
      name: '县城—安西—大塘 班车',
      kind: 'scheduled_bus',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      nodeIds: [town.id, point.id],
      timetable: [
        { nodeId: town.id, departs: '07:30' },
        { nodeId: point.id, departs: '07:55' },
      ],
    }).expect(201);
    expect(timetabled.body.timetable).toHaveLength(2);
    await post(world.staff, '/routes', {
      vehicleId: van.body.id,
      name: '错',
      kind: 'run',
      weekdays: [8],
      nodeIds: [town.id],
    }).expect(400);
    await post(world.staff, '/routes', {
      vehicleId: van.body.id,
      name: '错',
      kind: 'run',
      weekdays: [1],
      nodeIds: [hub.id],
    }).expect(422);
    const routes = await request(world.logistics)
      .get('/routes')
      .query({ countyCode: '360722' })
      .set(...bearer(operator))
      .expect(200);
    expect(routes.body).toHaveLength(2);
  });

  it('keeps per-county settings with sensible defaults', async () => {
    // an operator reads the rules of the county whose node it runs, not another county's
    await request(world.logistics)
      .get('/counties/360724/settings')
      .set(...bearer(operator))
      .expect(403);
    await request(world.logistics)
      .get('/counties/360722/settings')
      .set(...bearer(operator))
      .expect(200);
    const defaults = await request(world.logistics)
      .get('/counties/360724/settings')
      .set(...bearer(world.admin))
      .expect(200);
    expect(defaults.body).toEqual({
      countyCode: '360724',
      retentionDays: 5,
      reminderHoursBefore: 24,
      pickupMaxAttempts: 5,
      pickupWindowMinutes: 60,
      pickupLockMinutes: 30,
    });
    const changed = await request(world.logistics)
      .put('/counties/360722/settings')
      .set(...bearer(world.staff))
      .send({ retentionDays: 7 })
      .expect(200);
    expect(changed.body).toMatchObject({ retentionDays: 7, pickupMaxAttempts: 5 });
    await request(world.logistics)
      .put('/counties/360722/settings')
      .set(...bearer(world.staff))
      .send({ retentionDays: 0 })
      .expect(400);
  });
});

import { EventName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { PointService } from '../../../apps/logistics/src/point/point.service';
import { RunService } from '../../../apps/logistics/src/run/run.service';
import { ScanKind } from '../../../apps/logistics/src/shipment/shipment.entities';
import { ShipmentService } from '../../../apps/logistics/src/shipment/shipment.service';
import {
  buildCounty,
  lotOf,
  MediumCounty,
  orderPaid,
  shipmentFor,
  shipmentRow,
  startLogistics,
  today,
} from './support';

describe('logistics: runs (medium: plan, dispatch, collect and complete on the real repositories)', () => {
  let t: MediumTest;
  let county: MediumCounty;
  let runs: RunService;

  beforeAll(async () => {
    t = await startLogistics();
    county = await buildCounty(t);
    runs = t.get(RunService);
  });

  afterAll(() => t?.close());

  it('plans a run that drops goods and collects produce, dispatches it once, and brings back what it did not drop', async () => {
    const goodsOrder = orderPaid(county, { to: county.village });
    const goods = await shipmentFor(t, goodsOrder);
    await t.get(ShipmentService).scan(county.staff, goods.id, { kind: ScanKind.Arrived, nodeId: county.hub });
    const produceOrder = orderPaid(county, { from: county.otherVillage });
    const produce = await shipmentFor(t, produceOrder);
    await t.get(PointService).handIn(county.otherVillage.operator, county.otherVillage.id, {
      shipmentId: produce.id,
      weighedGrams: 5000,
      traceCodes: [await lotOf(t, produceOrder)],
    });

    // only county staff of the county plan its day
    expect(await problemOf(runs.plan(county.village.operator, { countyCode: county.code, date: today(t) }))).toEqual({
      status: 403,
      code: 'not-county-staff',
    });
    const plan = await runs.plan(county.staff, { countyCode: county.code, date: today(t) });
    expect(plan.unassigned).toEqual([]);
    expect(plan.runs).toHaveLength(1);
    const [run] = plan.runs;
    expect(run).toMatchObject({ status: 'planned', vehicleId: county.van });
    const stop = (nodeId: string) => run.stops.find((candidate) => candidate.nodeId === nodeId);
    expect(stop(county.village.id)?.drop.map((parcel) => parcel.shipmentId)).toEqual([goods.id]);
    expect(stop(county.otherVillage.id)?.collect.map((parcel) => parcel.shipmentId)).toEqual([produce.id]);

    // a village operator does not dispatch the hub's van
    expect(await problemOf(runs.dispatch(county.village.operator, run.id, {}))).toEqual({
      status: 403,
      code: 'not-node-operator',
    });
    const dispatched = await runs.dispatch(county.staff, run.id, {});
    expect(dispatched.scanned).toEqual([goods.parcelCode]);
    expect(dispatched.run.status).toBe('dispatched');
    expect(await shipmentRow(t, goods.id)).toMatchObject({ status: 'in_transit', custody_kind: 'vehicle' });
    expect(await t.published(EventName.ShipmentDispatched, { orderId: goodsOrder.orderId })).toHaveLength(1);
    expect(await problemOf(runs.dispatch(county.staff, run.id, {}))).toEqual({
      status: 409,
      code: 'illegal-transition',
    });

    const collected = await runs.collectAt(county.otherVillage.operator, run.id, county.otherVillage.id, {});
    expect(collected.scanned).toEqual([produce.parcelCode]);
    expect(await shipmentRow(t, produce.id)).toMatchObject({ status: 'in_transit', custody_kind: 'vehicle' });

    // back at the hub without having stopped at the first village: the goods come back into the hub's custody
    const completed = await runs.complete(county.staff, run.id, {});
    expect(completed.scanned.sort()).toEqual([goods.parcelCode, produce.parcelCode].sort());
    expect(completed.run.status).toBe('completed');
    for (const parcel of [goods, produce]) {
      expect(await shipmentRow(t, parcel.id)).toMatchObject({
        status: 'at_node',
        custody_kind: 'node',
        custody_node_id: county.hub,
      });
    }
    const goodsScans = await t.rows<{ kind: string }>('SELECT kind FROM scan WHERE shipment_id = $1 ORDER BY at', [
      goods.id,
    ]);
    expect(goodsScans.map((scan) => scan.kind)).toEqual(['arrived', 'departed', 'brought_back']);
    expect(await problemOf(runs.complete(county.staff, run.id, {}))).toEqual({
      status: 409,
      code: 'illegal-transition',
    });
    expect(await problemOf(runs.collectAt(county.otherVillage.operator, run.id, county.otherVillage.id, {}))).toEqual({
      status: 409,
      code: 'illegal-transition',
    });
  });
});

import { judgeScan, ScanState } from './scan-rules';
import { CustodyKind, ScanKind, ShipmentStatus } from './shipment.entities';

const name = (id: string) => id.toUpperCase();
const goods: ScanState = {
  status: ShipmentStatus.AwaitingHandover,
  path: ['hub', 'town', 'village'],
  position: -1,
  custodyKind: CustodyKind.Seller,
  custodyNodeId: null,
  entryScan: ScanKind.Arrived,
  ending: 'pickup',
  lastScan: null,
};

describe('judgeScan', () => {
  it('lets goods enter at the hub only', () => {
    expect(judgeScan(goods, ScanKind.Arrived, 'hub', name)).toEqual({ ok: true, position: 0 });
    expect(judgeScan(goods, ScanKind.Arrived, 'village', name)).toMatchObject({ ok: false, code: 'out-of-sequence' });
  });

  it('refuses a node the parcel is not routed through, naming the route', () => {
    expect(judgeScan(goods, ScanKind.Arrived, 'elsewhere', name)).toEqual({
      ok: false,
      status: 422,
      code: 'not-on-route',
      reason: 'the parcel is not routed through ELSEWHERE; its route is HUB → TOWN → VILLAGE',
    });
  });

  it('refuses the same scan twice in a row', () => {
    const atHub: ScanState = {
      ...goods,
      status: ShipmentStatus.AtNode,
      position: 0,
      custodyKind: CustodyKind.Node,
      custodyNodeId: 'hub',
      lastScan: { kind: ScanKind.Arrived, nodeId: 'hub' },
    };
    expect(judgeScan(atHub, ScanKind.Arrived, 'hub', name)).toMatchObject({
      ok: false,
      status: 409,
      code: 'duplicate-scan',
    });
    expect(judgeScan(atHub, ScanKind.Departed, 'hub', name)).toEqual({ ok: true, position: 0 });
    expect(judgeScan(atHub, ScanKind.Departed, 'town', name)).toMatchObject({ ok: false, code: 'out-of-sequence' });
  });

  it('lets a run pass a town station but never go back', () => {
    const onVan: ScanState = {
      ...goods,
      status: ShipmentStatus.InTransit,
      position: 1,
      custodyKind: CustodyKind.Vehicle,
      lastScan: { kind: ScanKind.Departed, nodeId: 'town' },
    };
    expect(judgeScan({ ...onVan, position: 0 }, ScanKind.Arrived, 'village', name)).toEqual({ ok: true, position: 2 });
    expect(judgeScan(onVan, ScanKind.Arrived, 'hub', name)).toMatchObject({ ok: false, code: 'out-of-sequence' });
    expect(judgeScan(onVan, ScanKind.Departed, 'village', name)).toMatchObject({ ok: false, code: 'out-of-sequence' });
  });

  it('hands produce to the carrier only at the end of its path', () => {
    const produce: ScanState = {
      ...goods,
      path: ['village', 'town', 'hub'],
      status: ShipmentStatus.AtNode,
      entryScan: ScanKind.HandedIn,
      ending: 'carrier',
      custodyKind: CustodyKind.Node,
      custodyNodeId: 'hub',
      position: 2,
      lastScan: { kind: ScanKind.Arrived, nodeId: 'hub' },
    };
    expect(judgeScan(produce, ScanKind.HandedToCarrier, 'hub', name)).toEqual({ ok: true, position: 2 });
    expect(judgeScan(produce, ScanKind.Departed, 'hub', name)).toMatchObject({ ok: false, code: 'out-of-sequence' });
    expect(
      judgeScan({ ...produce, custodyNodeId: 'town', position: 1 }, ScanKind.HandedToCarrier, 'town', name),
    ).toMatchObject({ ok: false, code: 'out-of-sequence' });
  });

  it('keeps a shelved parcel on the shelf and a closed shipment closed', () => {
    const shelved: ScanState = {
      ...goods,
      status: ShipmentStatus.ReadyForPickup,
      custodyKind: CustodyKind.Node,
      custodyNodeId: 'village',
      position: 2,
      lastScan: { kind: ScanKind.Arrived, nodeId: 'village' },
    };
    expect(judgeScan(shelved, ScanKind.Departed, 'village', name)).toMatchObject({
      ok: false,
      code: 'out-of-sequence',
    });
    expect(
      judgeScan({ ...shelved, status: ShipmentStatus.Delivered }, ScanKind.Departed, 'village', name),
    ).toMatchObject({
      ok: false,
      code: 'shipment-closed',
    });
  });
});

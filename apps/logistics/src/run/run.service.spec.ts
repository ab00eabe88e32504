import { FlowDirection } from '@countyflow/contracts';
import { CustodyKind, Shipment, ShipmentStatus } from '../shipment/shipment.entities';
import { pendingMove } from './run.service';

const parcel = (overrides: Partial<Shipment>): Shipment =>
  ({
    direction: FlowDirection.Down,
    status: ShipmentStatus.AtNode,
    custodyKind: CustodyKind.Node,
    custodyNodeId: 'hub',
    path: ['hub', 'town', 'village'],
    position: 0,
    ...overrides,
  }) as Shipment;

describe('pendingMove', () => {
  it('drops goods held at the hub at their village point', () => {
    expect(pendingMove(parcel({}), 'hub')).toEqual({ action: 'drop', nodeId: 'village' });
  });

  it('collects produce handed in at its village point, and returns waiting at the point', () => {
    const produce = parcel({ direction: FlowDirection.Up, path: ['village', 'town', 'hub'], custodyNodeId: 'village' });
    expect(pendingMove(produce, 'hub')).toEqual({ action: 'collect', nodeId: 'village' });
    const returning = parcel({
      status: ShipmentStatus.Returning,
      path: ['hub', 'town', 'village', 'town', 'hub'],
      position: 2,
      custodyNodeId: 'village',
    });
    expect(pendingMove(returning, 'hub')).toEqual({ action: 'collect', nodeId: 'village' });
  });

  it('leaves alone what is not waiting for a run', () => {
    expect(pendingMove(parcel({ custodyKind: CustodyKind.Vehicle, custodyNodeId: null }), 'hub')).toBeNull();
    expect(
      pendingMove(parcel({ status: ShipmentStatus.ReadyForPickup, custodyNodeId: 'village', position: 2 }), 'hub'),
    ).toBeNull();
    // produce for a city address at the hub goes to the carrier, not on a run
    expect(
      pendingMove(parcel({ direction: FlowDirection.Up, path: ['village', 'town', 'hub'], position: 2 }), 'hub'),
    ).toBeNull();
    expect(pendingMove(parcel({ status: ShipmentStatus.Cancelled }), 'hub')).toBeNull();
  });
});

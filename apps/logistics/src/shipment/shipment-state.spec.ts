import {
  canApplyShipment,
  SHIPMENT_TRANSITIONS,
  ShipmentTransition,
  TERMINAL_SHIPMENT_STATUSES,
} from './shipment-state';
import { ShipmentStatus } from './shipment.entities';

describe('the shipment state machine', () => {
  const rules = Object.entries(SHIPMENT_TRANSITIONS) as [
    ShipmentTransition,
    { from: ShipmentStatus[]; to: ShipmentStatus },
  ][];

  it('leaves no terminal status (delivered, returned, cancelled)', () => {
    for (const [transition, rule] of rules) {
      for (const terminal of TERMINAL_SHIPMENT_STATUSES) {
        expect([transition, rule.from.includes(terminal)]).toEqual([transition, false]);
      }
    }
  });

  it('reaches every status from awaiting_handover', () => {
    const reached = new Set<ShipmentStatus>([ShipmentStatus.AwaitingHandover]);
    for (let grown = true; grown;) {
      grown = false;
      for (const [, rule] of rules) {
        if (rule.from.some((status) => reached.has(status)) && !reached.has(rule.to)) {
          reached.add(rule.to);
          grown = true;
        }
      }
    }
    expect([...reached].sort()).toEqual(Object.values(ShipmentStatus).sort());
  });

  it.each([
    [ShipmentStatus.AwaitingHandover, ShipmentTransition.Receive, true],
    [ShipmentStatus.AtNode, ShipmentTransition.Depart, true],
    [ShipmentStatus.InTransit, ShipmentTransition.Depart, false],
    [ShipmentStatus.InTransit, ShipmentTransition.Shelve, true],
    [ShipmentStatus.ReadyForPickup, ShipmentTransition.Collect, true],
    [ShipmentStatus.Delivered, ShipmentTransition.Collect, false],
    [ShipmentStatus.InTransit, ShipmentTransition.HandToCarrier, false],
    [ShipmentStatus.WithCarrier, ShipmentTransition.CarrierDeliver, true],
    [ShipmentStatus.ReadyForPickup, ShipmentTransition.StartReturn, true],
    [ShipmentStatus.Returning, ShipmentTransition.FinishReturn, true],
    [ShipmentStatus.InTransit, ShipmentTransition.Cancel, false],
    [ShipmentStatus.AtNode, ShipmentTransition.Cancel, true],
    [ShipmentStatus.InTransit, ShipmentTransition.BringBack, true],
  ])('%s --%s--> allowed: %s', (status, transition, allowed) => {
    expect(canApplyShipment(status, transition)).toBe(allowed);
  });
});

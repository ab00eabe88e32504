import { EventName, ServiceName } from '@countyflow/contracts';
import { MediumTest, problemOf } from '@countyflow/testing';
import { randomInt } from 'node:crypto';
import { PointService } from '../../../apps/logistics/src/point/point.service';
import { ScanKind } from '../../../apps/logistics/src/shipment/shipment.entities';
import { ShipmentService } from '../../../apps/logistics/src/shipment/shipment.service';
import { buildCounty, lotOf, MediumCounty, orderPaid, shipmentFor, shipmentRow, startLogistics } from './support';

/** A caller address of its own, so that the pickup guard's per-address count starts at zero. */
const ip = (): string => `10.${randomInt(0, 255)}.${randomInt(0, 255)}.${randomInt(1, 254)}`;

describe('logistics: custody (medium: hand-in, scans, shelving and pickup-code hand-over on the real repositories)', () => {
  let t: MediumTest;
  let county: MediumCounty;
  let points: PointService;
  let shipments: ShipmentService;

  beforeAll(async () => {
    t = await startLogistics();
    county = await buildCounty(t);
    points = t.get(PointService);
    shipments = t.get(ShipmentService);
  });

  afterAll(() => t?.close());

  it('takes goods from the hub to the village shelf and hands them over once, to the right phone only', async () => {
    const order = orderPaid(county, { to: county.village });
    const parcel = await shipmentFor(t, order);
    expect(await shipmentRow(t, parcel.id)).toMatchObject({ status: 'awaiting_handover', custody_kind: 'seller' });

    await shipments.scan(county.staff, parcel.id, { kind: ScanKind.Arrived, nodeId: county.hub });
    expect(await shipmentRow(t, parcel.id)).toMatchObject({
      status: 'at_node',
      custody_kind: 'node',
      custody_node_id: county.hub,
    });
    await shipments.scan(county.staff, parcel.id, {
      kind: ScanKind.Departed,
      nodeId: county.hub,
      vehicleId: county.van,
    });
    expect(await shipmentRow(t, parcel.id)).toMatchObject({ status: 'in_transit', custody_kind: 'vehicle' });

    // another village's operator cannot take it in here
    expect(
      await problemOf(points.arrive(county.otherVillage.operator, county.village.id, { shipmentId: parcel.id })),
    ).toEqual({ status: 403, code: 'not-node-operator' });

    const arrival = await points.arrive(county.village.operator, county.village.id, { shipmentId: parcel.id });
    expect(arrival).toMatchObject({ status: 'ready_for_pickup', shelf: expect.any(Number), layer: expect.any(Number) });
    expect(arrival.pickupCode).toMatch(new RegExp(`^${arrival.shelf}-${arrival.layer}-\\d{4}$`));
    expect(await t.published(EventName.ShipmentReadyForPickup, { orderId: order.orderId })).toHaveLength(1);
    const [notified] = await t.rows<{ body: string }>(
      `SELECT body FROM notification WHERE shipment_id = $1 AND template = 'ready_for_pickup'`,
      [parcel.id],
    );
    expect(notified.body).toContain(arrival.pickupCode);

    const code = arrival.pickupCode!;
    const from = ip();
    expect(
      await problemOf(points.collect(county.village.operator, county.village.id, { code, phoneLast4: '0000' }, from)),
    ).toEqual({ status: 422, code: 'pickup-code-mismatch' });
    expect(await shipmentRow(t, parcel.id)).toMatchObject({ status: 'ready_for_pickup' });

    const phoneLast4 = order.destination.recipientPhone.slice(-4);
    const handedOver = await points.collect(county.village.operator, county.village.id, { code, phoneLast4 }, from);
    expect(handedOver).toMatchObject({ shipmentId: parcel.id, method: 'pickup_code', collectedBy: 'recipient' });
    expect(await shipmentRow(t, parcel.id)).toMatchObject({ status: 'delivered' });
    expect(await t.published(EventName.ShipmentDelivered, { orderId: order.orderId })).toHaveLength(1);

    // the same code again: the parcel is gone, and nothing is handed over twice
    expect(
      await problemOf(points.collect(county.village.operator, county.village.id, { code, phoneLast4 }, from)),
    ).toEqual({ status: 409, code: 'pickup-code-used' });
    expect(await t.published(EventName.ShipmentDelivered, { orderId: order.orderId })).toHaveLength(1);
  });

  it('takes produce in at its own village point only, and only at the weight ordered', async () => {
    const order = orderPaid(county, { from: county.village });
    const parcel = await shipmentFor(t, order);
    const handIn = { shipmentId: parcel.id, weighedGrams: 5100, traceCodes: [await lotOf(t, order)] };

    // the lot must be one catalog recorded for this seller
    expect(
      await problemOf(
        points.handIn(county.village.operator, county.village.id, { ...handIn, traceCodes: ['NOTAREALCODE123'] }),
      ),
    ).toEqual({ status: 422, code: 'lot-unknown' });

    expect(await problemOf(points.handIn(county.otherVillage.operator, county.otherVillage.id, handIn))).toEqual({
      status: 422,
      code: 'not-on-route',
    });
    expect(
      await problemOf(points.handIn(county.village.operator, county.village.id, { ...handIn, weighedGrams: 5500 })),
    ).toEqual({ status: 422, code: 'weight-out-of-tolerance' });
    expect(await shipmentRow(t, parcel.id)).toMatchObject({ status: 'awaiting_handover', custody_kind: 'seller' });
    expect(await t.rows('SELECT 1 FROM scan WHERE shipment_id = $1', [parcel.id])).toHaveLength(0);

    const handedIn = await points.handIn(county.village.operator, county.village.id, handIn);
    expect(handedIn).toMatchObject({ status: 'at_node', differenceGrams: 100, traceCodes: handIn.traceCodes });
    expect(await shipmentRow(t, parcel.id)).toMatchObject({
      status: 'at_node',
      custody_kind: 'node',
      custody_node_id: county.village.id,
    });
    const scans = await t.rows<{ kind: string }>('SELECT kind FROM scan WHERE shipment_id = $1', [parcel.id]);
    expect(scans.map((scan) => scan.kind)).toEqual(['handed_in']);
    expect((await points.outbound(county.village.operator, county.village.id)).map((p) => p.parcelCode)).toContain(
      parcel.parcelCode,
    );
  });

  it("sends orders' messages to buyers through the same notification port, once per event", async () => {
    const message = {
      orderId: '5d4c7a43-7a9c-4b80-8f3e-2b5a0c1d9e01',
      countyCode: '360722',
      recipientPhone: '13800138000',
      template: 'presale_balance_due',
      params: { title: '赣南脐橙', amount: '40.00', deadline: '12月8日 14:00' },
      text: '【县域通】您预订的赣南脐橙已采收，请在12月8日 14:00前支付尾款¥40.00，逾期定金不退。',
    };
    const id = '0b6f6f5e-57a1-4a38-9f40-1c0f3b6b2a11';
    await t.deliver(EventName.BuyerNotified, message, { producer: ServiceName.Orders, id });
    await t.deliver(EventName.BuyerNotified, message, { producer: ServiceName.Orders, id });

    const rows = await t.rows<{ template: string; body: string; shipment_id: string | null }>(
      `SELECT template, body, shipment_id FROM notification WHERE recipient_phone = $1 AND template = $2`,
      [message.recipientPhone, message.template],
    );
    expect(rows).toEqual([{ template: 'presale_balance_due', body: message.text, shipment_id: null }]);
  });
});

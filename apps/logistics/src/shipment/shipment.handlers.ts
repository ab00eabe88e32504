import { EventEnvelope, EventName, OrderCancelled, OrderPaid } from '@countyflow/contracts';
import { BatchEventContext, EventContext, inLockOrder, OnEvent, OnEventBatch } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { ShipmentService } from './shipment.service';

/** What logistics does with the events routed to it (LOGISTICS_SUBSCRIPTIONS). */
@Injectable()
export class ShipmentHandlers {
  constructor(private readonly shipments: ShipmentService) {}

  @OnEvent(EventName.OrderPaid)
  handleOrderPaid(data: OrderPaid, context: EventContext<EventName.OrderPaid>): Promise<void> {
    return this.shipments.createFromOrder(context.manager, data);
  }

  /**
   * Several orders paid at once (docs/logistics.md "Shipments created in batches"): their shipments created together
   * ({@link ShipmentService.createFromOrders}: read in one round trip, inserted in one statement, in order id order),
   * each `shipment.created` published for the first event of its order. Creating a shipment inserts rows only (the
   * order's shipment, its legs and consents); the only keys it takes are its own order's, so order id order is the
   * lock order of a batch.
   */
  @OnEventBatch(EventName.OrderPaid)
  async handleOrderPaidBatch(
    events: EventEnvelope<EventName.OrderPaid>[],
    { manager, publish }: BatchEventContext<EventName.OrderPaid>,
  ): Promise<void> {
    const inOrder = inLockOrder(events, (event) => event.data.orderId.toLowerCase());
    const created = await this.shipments.createFromOrders(
      manager,
      inOrder.map((event) => event.data),
    );
    for (const event of inOrder) {
      const shipment = created.get(event.data.orderId.toLowerCase());
      if (shipment) {
        publish(event, EventName.ShipmentCreated, shipment);
        created.delete(event.data.orderId.toLowerCase());
      }
    }
  }

  @OnEvent(EventName.OrderCancelled)
  handleOrderCancelled(data: OrderCancelled, context: EventContext<EventName.OrderCancelled>): Promise<void> {
    return this.shipments.cancelForOrder(context.manager, data);
  }
}

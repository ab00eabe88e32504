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
   * Several orders paid at once (docs/logistics.md "Shipments created in batches"): in order id order, each as
   * {@link handleOrderPaid} would, in its own event's context. Creating a shipment reads the network and inserts
   * rows (the order's shipment, its legs and consents); the only keys it takes are its own order's, so order id
   * order is the lock order of a batch.
   */
  @OnEventBatch(EventName.OrderPaid)
  async handleOrderPaidBatch(
    events: EventEnvelope<EventName.OrderPaid>[],
    { manager, as }: BatchEventContext<EventName.OrderPaid>,
  ): Promise<void> {
    for (const event of inLockOrder(events, (event) => event.data.orderId)) {
      await as(event, () => this.shipments.createFromOrder(manager, event.data));
    }
  }

  @OnEvent(EventName.OrderCancelled)
  handleOrderCancelled(data: OrderCancelled, context: EventContext<EventName.OrderCancelled>): Promise<void> {
    return this.shipments.cancelForOrder(context.manager, data);
  }
}

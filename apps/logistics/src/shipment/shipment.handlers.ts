import { EventName, OrderCancelled, OrderPaid } from '@countyflow/contracts';
import { EventContext, OnEvent } from '@countyflow/messaging';
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

  @OnEvent(EventName.OrderCancelled)
  handleOrderCancelled(data: OrderCancelled, context: EventContext<EventName.OrderCancelled>): Promise<void> {
    return this.shipments.cancelForOrder(context.manager, data);
  }
}

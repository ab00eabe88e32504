import { EventEnvelope, EventName, EventOf } from '@countyflow/contracts';
import { LOGGER } from '@countyflow/kernel';
import { BatchEventContext, EventContext, inLockOrder, OnEvent, OnEventBatch } from '@countyflow/messaging';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { EntityManager } from 'typeorm';
import { Actor, ActorKind } from '../common/actor';
import { arrivedEarly, OrderTransition, TRANSITIONS } from './order-state';
import { OrderRepository, TransitionOptions, TransitionResult } from './order.repository';
import { OrderWorkflow } from './order.workflow';

const catalog = (context: EventContext): Actor => ({ kind: ActorKind.Catalog, id: context.event.id });
const logistics = (context: EventContext): Actor => ({ kind: ActorKind.Logistics, id: context.event.id });

/** An event whose order is not yet where the event expects it: thrown so the inbox retries it later. */
export class EventArrivedEarly extends Error {}

/** What catalog and logistics tell orders about an order, applied as guarded transitions. */
@Injectable()
export class OrderHandlers {
  constructor(
    private readonly orders: OrderRepository,
    private readonly workflow: OrderWorkflow,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @OnEvent(EventName.StockReserved)
  async handleStockReserved(data: EventOf<EventName.StockReserved>, context: EventContext): Promise<void> {
    this.settle(
      EventName.StockReserved,
      data.orderId,
      OrderTransition.Reserve,
      await this.workflow.reserve(context.manager, data, catalog(context)),
    );
  }

  /**
   * Several stock.reserved at once (docs/orders.md "Reservations answered in batches"), in one statement: the orders'
   * rows locked in order id order — the one row each locks, taken in the same order by every batch —, each moved as
   * {@link handleStockReserved} would. An order paid at once or at changed prices locks more (ledger, coupons,
   * commissions) and fails the batch (`NotForBatch`), as does an event that arrived early: the inbox worker
   * then handles each event on its own.
   */
  @OnEventBatch(EventName.StockReserved)
  async handleStockReservedBatch(
    events: EventEnvelope<EventName.StockReserved>[],
    { manager }: BatchEventContext<EventName.StockReserved>,
  ): Promise<void> {
    const ordered = inLockOrder(events, (event) => event.data.orderId);
    const results = await this.workflow.reserveAll(
      manager,
      ordered.map((event) => ({ data: event.data, actor: { kind: ActorKind.Catalog, id: event.id } })),
    );
    ordered.forEach((event, index) =>
      this.settle(EventName.StockReserved, event.data.orderId, OrderTransition.Reserve, results[index]),
    );
  }

  @OnEvent(EventName.StockRejected)
  async handleStockRejected(data: EventOf<EventName.StockRejected>, context: EventContext): Promise<void> {
    this.settle(
      EventName.StockRejected,
      data.orderId,
      OrderTransition.Reject,
      await this.workflow.reject(context.manager, data, catalog(context)),
    );
  }

  @OnEvent(EventName.ShipmentCreated)
  async handleShipmentCreated(data: EventOf<EventName.ShipmentCreated>, context: EventContext): Promise<void> {
    await this.startFulfilment(context.manager, data, logistics(context));
  }

  /**
   * Several shipment.created at once (a paid group's orders, whose order.paid logistics handled in one batch and
   * whose answers travel in one job): every order moved in one statement ({@link OrderRepository.startFulfilmentAll},
   * its rows locked in order id order, as every batch takes them), then each event settled in its own context as
   * {@link handleShipmentCreated} would settle it — a second event of one order finds it moved. An event that
   * arrived early fails the batch, and the inbox worker then handles each event on its own.
   */
  @OnEventBatch(EventName.ShipmentCreated)
  async handleShipmentCreatedBatch(
    events: EventEnvelope<EventName.ShipmentCreated>[],
    { manager, as }: BatchEventContext<EventName.ShipmentCreated>,
  ): Promise<void> {
    const first = new Map<string, EventEnvelope<EventName.ShipmentCreated>>();
    for (const event of inLockOrder(events, (event) => event.data.orderId.toLowerCase())) {
      if (!first.has(event.data.orderId.toLowerCase())) first.set(event.data.orderId.toLowerCase(), event);
    }
    const results = await this.orders.startFulfilmentAll(
      manager,
      [...first.values()].map((event) => ({
        orderId: event.data.orderId,
        shipmentId: event.data.shipmentId,
        actor: { kind: ActorKind.Logistics, id: event.id },
      })),
    );
    for (const event of events) {
      const orderId = event.data.orderId.toLowerCase();
      const result = results.get(orderId) ?? { applied: false, current: null };
      const settled: TransitionResult =
        first.get(orderId) === event || !result.applied
          ? result
          : { applied: false, current: TRANSITIONS[OrderTransition.StartFulfilment].to };
      await as(event, () =>
        Promise.resolve(
          this.settle(EventName.ShipmentCreated, event.data.orderId, OrderTransition.StartFulfilment, settled),
        ),
      );
    }
  }

  /** The order's shipment exists: in fulfilment, with the shipment's id on it. */
  private async startFulfilment(
    manager: EntityManager,
    { orderId, shipmentId }: EventOf<EventName.ShipmentCreated>,
    actor: Actor,
  ): Promise<void> {
    const result = await this.orders.transition(manager, orderId, OrderTransition.StartFulfilment, actor, {
      effects: { shipmentId },
      detail: { shipmentId },
    });
    this.settle(EventName.ShipmentCreated, orderId, OrderTransition.StartFulfilment, result);
  }

  /** Out for delivery applies to address orders; a parcel bound for a service point stays in fulfilment. */
  @OnEvent(EventName.ShipmentDispatched)
  async handleShipmentDispatched(data: EventOf<EventName.ShipmentDispatched>, context: EventContext): Promise<void> {
    const order = await this.orders.find(data.orderId, context.manager);
    if (!order) {
      this.logger.warn(
        { orderId: data.orderId, event: EventName.ShipmentDispatched },
        'event for an unknown order ignored',
      );
      return;
    }
    if (order.destinationServicePointOrgId) {
      if (await this.orders.markDispatched(context.manager, order.id, data.at)) {
        return;
      }
      const current = (await this.orders.find(order.id, context.manager))!.status;
      if (arrivedEarly(current, OrderTransition.Dispatch)) {
        throw new EventArrivedEarly(`order ${order.id} is ${current}; shipment.dispatched will be retried`);
      }
      return;
    }
    await this.move(EventName.ShipmentDispatched, data.orderId, OrderTransition.Dispatch, context, {
      effects: { dispatchedAt: data.at },
    });
  }

  @OnEvent(EventName.ShipmentReadyForPickup)
  async handleShipmentReadyForPickup(
    data: EventOf<EventName.ShipmentReadyForPickup>,
    context: EventContext,
  ): Promise<void> {
    await this.move(EventName.ShipmentReadyForPickup, data.orderId, OrderTransition.ReadyForPickup, context, {
      effects: { readyForPickup: { collectBy: data.collectBy } },
      detail: { servicePointOrgId: data.servicePointOrgId, collectBy: data.collectBy },
    });
  }

  @OnEvent(EventName.ShipmentDelivered)
  async handleShipmentDelivered(data: EventOf<EventName.ShipmentDelivered>, context: EventContext): Promise<void> {
    const result = await this.workflow.complete(context.manager, data.orderId, logistics(context), {
      at: data.at,
      receipt: data.receipt,
    });
    this.settle(EventName.ShipmentDelivered, data.orderId, OrderTransition.Deliver, result);
  }

  @OnEvent(EventName.ShipmentReturned)
  async handleShipmentReturned(data: EventOf<EventName.ShipmentReturned>, context: EventContext): Promise<void> {
    const result = await this.workflow.returnOrder(context.manager, data.orderId, logistics(context), data.reason);
    this.settle(EventName.ShipmentReturned, data.orderId, OrderTransition.Return, result);
  }

  /** Not a transition: kept on the order as evidence, for the buyer, the seller and county staff to see. */
  @OnEvent(EventName.ShipmentExcursion)
  async handleShipmentExcursion(data: EventOf<EventName.ShipmentExcursion>, context: EventContext): Promise<void> {
    const order = await this.orders.find(data.orderId, context.manager);
    if (!order) {
      this.logger.warn(
        { orderId: data.orderId, event: EventName.ShipmentExcursion },
        'event for an unknown order ignored',
      );
      return;
    }
    await this.orders.addExcursion(context.manager, {
      orderId: data.orderId,
      shipmentId: data.shipmentId,
      nodeCode: data.nodeCode,
      readingC: data.readingC,
      minC: data.minC,
      maxC: data.maxC,
      at: new Date(data.at),
    });
  }

  private async move(
    name: EventName,
    orderId: string,
    transition: OrderTransition,
    context: EventContext,
    options: TransitionOptions,
  ): Promise<void> {
    this.settle(
      name,
      orderId,
      transition,
      await this.orders.transition(context.manager, orderId, transition, logistics(context), options),
    );
  }

  /**
   * A transition the order is not ready for yet means an earlier event is still on its way: throw, so the inbox
   * retries this one. One the order is past (or that ended it otherwise, e.g. cancelled) is a no-op.
   */
  private settle(name: EventName, orderId: string, transition: OrderTransition, result: TransitionResult): void {
    if (result.applied) {
      return;
    }
    if (result.current === null) {
      this.logger.warn({ orderId, event: name }, 'event for an unknown order ignored');
      return;
    }
    if (arrivedEarly(result.current, transition)) {
      throw new EventArrivedEarly(
        `order ${orderId} is ${result.current}; ${name} needs ${TRANSITIONS[transition].from.join(' or ')} and will be retried`,
      );
    }
    this.logger.info(
      { orderId, event: name, status: result.current },
      'event does not apply to the order any more; ignored',
    );
  }
}

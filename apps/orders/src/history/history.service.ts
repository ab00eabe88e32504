import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { OrderStatus, TRANSITIONS } from '../order/order-state';
import { PaymentMethod } from '../order/order.entities';
import { HistoryImportResponseDto, HistoryOrderDto, HistoryOrderImportDto } from './history.dto';
import { HistoryRepository, HistoryRows } from './history.repository';

const reachable = (from: OrderStatus, to: OrderStatus): boolean =>
  Object.values(TRANSITIONS).some((rule) => rule.to === to && rule.from.includes(from));

/**
 * Completed orders of the past, imported in bulk by a platform admin (the demo county's year of trade): written as
 * they would have been recorded, with their lines, status history, payment or cash, and consent, in one transaction
 * per request. The past is settled: no event is published (catalog sold that stock and logistics delivered those
 * parcels long ago), nothing is posted to the ledger (it was paid out before the ledger's time), and the receipt
 * counts as confirmed at delivery, so no sweeper picks the order up.
 */
@Injectable()
export class HistoryService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly history: HistoryRepository,
  ) {}

  async importOrders(dto: HistoryOrderImportDto, now = new Date()): Promise<HistoryImportResponseDto> {
    const rows: HistoryRows = {
      groups: [],
      consents: [],
      orders: [],
      lines: [],
      steps: [],
      payments: [],
      transactions: [],
    };
    for (const order of dto.orders) {
      addOrder(rows, order, now);
    }
    const imported = await this.db.withTransaction((manager) => this.history.insert(manager, rows));
    return { received: dto.orders.length, imported };
  }
}

function checkSteps(order: HistoryOrderDto, now: Date): number[] {
  const times = order.steps.map((step) => Date.parse(step.at));
  const statuses = order.steps.map((step) => step.status);
  const legal =
    statuses[0] === OrderStatus.Placed &&
    statuses.at(-1) === OrderStatus.Completed &&
    statuses.every((status, index) => index === 0 || reachable(statuses[index - 1], status));
  if (!legal) {
    throw new Problem(
      422,
      'history-illegal-path',
      `order ${order.id}: ${statuses.join(' → ')} is not a path of the order state machine from placed to completed`,
      { orderId: order.id },
    );
  }
  if (times.some((time, index) => index > 0 && time < times[index - 1]) || times.at(-1)! >= now.getTime()) {
    throw new Problem(
      422,
      'history-not-past',
      `order ${order.id}: its steps must be in order of time and all in the past`,
      { orderId: order.id },
    );
  }
  return times;
}

function addOrder(rows: HistoryRows, order: HistoryOrderDto, now: Date): void {
  const times = checkSteps(order, now);
  const cash = order.paymentMethod === PaymentMethod.CashOnCollection;
  if (!cash && !(order.provider && order.providerPaymentId && order.providerTransactionId)) {
    throw new Problem(422, 'history-payment-missing', `order ${order.id}: an online order needs its provider's ids`, {
      orderId: order.id,
    });
  }
  if (cash && !order.cashReceivedBy) {
    throw new Problem(422, 'history-payment-missing', `order ${order.id}: a cash order needs who took the cash`, {
      orderId: order.id,
    });
  }
  const at = (time: number): string => new Date(time).toISOString();
  const placedAt = times[0];
  const deliveredAt = times.at(-1)!;
  const paidAt = times[order.steps.findIndex((step) => step.status === OrderStatus.Paid)] ?? placedAt;
  const totalFen = order.lines.reduce((sum, line) => sum + line.unitPriceFen * line.quantity, 0);
  const atPoint = order.destination.kind === 'service_point';
  const pointOrgId = atPoint ? (order.destination.servicePointOrgId ?? null) : null;
  const destination = {
    kind: order.destination.kind,
    servicePointOrgId: pointOrgId,
    address: order.destination.address ? { postalCode: null, ...order.destination.address } : null,
    recipientName: order.destination.recipientName,
    recipientPhone: order.destination.recipientPhone,
    agentName: null,
    agentPhone: null,
  };
  const transactionId = randomUUID();
  rows.groups.push({
    id: order.groupId,
    buyer_id: order.buyerId,
    placed_by: order.buyerId,
    destination,
    payment_method: order.paymentMethod,
    created_at: at(placedAt),
  });
  if (pointOrgId && order.consentText) {
    rows.consents.push({
      group_id: order.groupId,
      service_point_org_id: pointOrgId,
      consented_by: order.buyerId,
      recipient_name: destination.recipientName,
      recipient_phone: destination.recipientPhone,
      text: order.consentText,
      consented_at: at(placedAt),
    });
  }
  rows.orders.push({
    id: order.id,
    group_id: order.groupId,
    buyer_id: order.buyerId,
    seller_org_id: order.sellerOrgId,
    seller_name: order.sellerName,
    county_code: order.countyCode,
    direction: order.direction,
    origin_village_code: order.originVillageCode ?? null,
    status: OrderStatus.Completed,
    destination,
    destination_service_point_org_id: pointOrgId,
    destination_county_code: atPoint ? order.countyCode : null,
    payment_method: order.paymentMethod,
    total_fen: totalFen,
    paid_fen: totalFen,
    temperature: {
      class: order.temperature.class,
      minC: order.temperature.minC ?? null,
      maxC: order.temperature.maxC ?? null,
    },
    weight_tolerance_grams: order.weightToleranceGrams ?? null,
    total_weight_grams: order.lines.reduce((sum, line) => sum + line.weightGrams * line.quantity, 0),
    total_volume_ml: order.lines.reduce((sum, line) => sum + line.volumeMl * line.quantity, 0),
    paid_at: cash ? null : at(paidAt),
    payment_transaction_id: cash ? null : transactionId,
    shipment_id: order.shipmentId,
    dispatched_at: order.dispatchedAt,
    collect_by: order.collectBy ?? null,
    delivered_at: at(deliveredAt),
    receipt: { method: order.receiptMethod, collectedBy: order.collectedBy },
    receipt_confirmed_at: at(deliveredAt),
    cash_received_at: cash ? at(deliveredAt) : null,
    cash_received_by: cash ? order.cashReceivedBy : null,
    created_at: at(placedAt),
    updated_at: at(deliveredAt),
  });
  order.lines.forEach((line, position) =>
    rows.lines.push({
      order_id: order.id,
      position,
      sku_id: line.skuId,
      listing_id: line.listingId,
      title: line.title,
      spec: line.spec,
      quantity: line.quantity,
      shown_unit_price_fen: line.unitPriceFen,
      unit_price_fen: line.unitPriceFen,
      weight_grams: line.weightGrams,
      volume_ml: line.volumeMl,
    }),
  );
  order.steps.forEach((step, index) =>
    rows.steps.push({
      order_id: order.id,
      from_status: index === 0 ? null : order.steps[index - 1].status,
      to_status: step.status,
      actor_kind: step.actorKind,
      actor_id: step.actorId ?? null,
      reason: index === order.steps.length - 1 ? 'imported history' : null,
      at: step.at,
    }),
  );
  if (cash) {
    rows.transactions.push({
      id: transactionId,
      provider: 'cash',
      provider_transaction_id: `cash-${order.id}`,
      payment_id: null,
      group_id: order.groupId,
      amount_fen: totalFen,
      outcome: 'cash_received',
      detail: 'cash taken at the service point',
      applied_order_ids: [order.id],
      payload: { receivedBy: order.cashReceivedBy, servicePointOrgId: pointOrgId },
      received_at: at(deliveredAt),
    });
    return;
  }
  const paymentId = randomUUID();
  rows.payments.push({
    id: paymentId,
    group_id: order.groupId,
    provider: order.provider,
    provider_payment_id: order.providerPaymentId,
    amount_fen: totalFen,
    order_ids: [order.id],
    status: 'succeeded',
    created_by: order.buyerId,
    created_at: at(placedAt),
    updated_at: at(paidAt),
  });
  rows.transactions.push({
    id: transactionId,
    provider: order.provider,
    provider_transaction_id: order.providerTransactionId,
    payment_id: paymentId,
    group_id: order.groupId,
    amount_fen: totalFen,
    outcome: 'applied',
    detail: 'payment applied to 1 order',
    applied_order_ids: [order.id],
    payload: { providerPaymentId: order.providerPaymentId, amountFen: totalFen, status: 'succeeded' },
    received_at: at(paidAt),
  });
}

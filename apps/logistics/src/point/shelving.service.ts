import { EventName } from '@countyflow/contracts';
import { Problem, SmsTemplate } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatLocal } from '../common/clock';
import { NetworkNode } from '../network/network.entities';
import { NetworkRepository } from '../network/network.repository';
import { NotificationPort } from '../notification/notification.port';
import { Shipment } from '../shipment/shipment.entities';
import { ShipmentRepository } from '../shipment/shipment.repository';
import { chooseSlot, drawPickupNumber, formatPickupCode } from './pickup-code';

const DAY_MS = 24 * 3600 * 1000;

/** Puts a parcel that reached its village point on a shelf with a pickup code, and tells the recipient. */
@Injectable()
export class ShelvingService {
  constructor(
    private readonly shipments: ShipmentRepository,
    private readonly network: NetworkRepository,
    private readonly notifications: NotificationPort,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Runs in the arrival scan's transaction, which holds the point's row (`NetworkRepository.lockNode`, taken by
   * CustodyService.scan before the scan row): one shelving at a time per point, so two parcels never get the same
   * slot count or number. The caller saves the shipment.
   */
  async shelve(manager: EntityManager, shipment: Shipment, point: NetworkNode, now: Date): Promise<void> {
    const slot = chooseSlot(
      point.shelves,
      point.layers,
      point.slotCapacity,
      await this.shipments.slotOccupancy(manager, point.id),
    );
    if (!slot) {
      throw new Problem(
        409,
        'shelves-full',
        `every shelf layer at ${point.name} holds ${point.slotCapacity} parcels already; hand some out or add shelves`,
      );
    }
    const number = drawPickupNumber(await this.shipments.usedPickupNumbers(manager, point.id));
    if (!number) {
      throw new Problem(
        503,
        'pickup-codes-exhausted',
        `${point.name} has no free pickup number; hand some parcels out first`,
      );
    }
    const settings = await this.network.settings(shipment.countyCode, manager);
    shipment.shelf = slot.shelf;
    shipment.layer = slot.layer;
    shipment.pickupNumber = number;
    shipment.pickupCode = formatPickupCode(slot.shelf, slot.layer, number);
    shipment.shelvedAt = now;
    shipment.collectBy = new Date(now.getTime() + settings.retentionDays * DAY_MS);
    shipment.reminderSentAt = null;

    const { destination } = shipment;
    const body =
      `【县域物流】您的包裹 ${shipment.parcelCode} 已到 ${point.name}（${point.openingHours}），取件码 ${shipment.pickupCode}，` +
      `请于 ${formatLocal(shipment.collectBy)} 前凭取件码和手机尾号取件，逾期将退回。`;
    for (const phone of new Set(
      [destination.recipientPhone, destination.agentPhone].filter((value): value is string => !!value),
    )) {
      await this.notifications.notify(manager, {
        shipmentId: shipment.id,
        countyCode: shipment.countyCode,
        recipientPhone: phone,
        template: SmsTemplate.ReadyForPickup,
        params: {
          parcel: shipment.parcelCode,
          code: shipment.pickupCode,
          point: point.name,
          deadline: formatLocal(shipment.collectBy),
        },
        body,
      });
    }
    await this.events.publish(manager, EventName.ShipmentReadyForPickup, {
      shipmentId: shipment.id,
      orderId: shipment.orderId,
      at: now.toISOString(),
      servicePointOrgId: point.operatorOrgId ?? destination.servicePointOrgId ?? '',
      collectBy: shipment.collectBy.toISOString(),
    });
  }
}

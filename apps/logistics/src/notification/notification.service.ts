import { Principal } from '@countyflow/auth';
import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { assertCanOversee } from '../common/access';
import { ShipmentRepository } from '../shipment/shipment.repository';
import { mapNotification, NotificationResponseDto, NotificationSearchDto } from './notification.dto';
import { NotificationRepository } from './notification.repository';

@Injectable()
export class NotificationService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly notifications: NotificationRepository,
    private readonly shipments: ShipmentRepository,
  ) {}

  async list(principal: Principal, query: NotificationSearchDto): Promise<NotificationResponseDto[]> {
    if (query.shipmentId) {
      const shipment = await this.shipments.find(query.shipmentId, this.db.manager);
      if (!shipment) {
        throw new Problem(404, 'shipment-not-found', `no shipment ${query.shipmentId}`);
      }
      // the messages carry the pickup code: the buyer and county staff only
      if (principal.userId !== shipment.buyerId) {
        assertCanOversee(principal, shipment.countyCode);
      }
      return (await this.notifications.ofShipment(shipment.id)).map(mapNotification);
    }
    if (query.countyCode) {
      assertCanOversee(principal, query.countyCode);
      return (await this.notifications.latestOfCounty(query.countyCode, 200)).map(mapNotification);
    }
    throw new Problem(400, 'scope-required', 'give shipmentId or countyCode');
  }
}

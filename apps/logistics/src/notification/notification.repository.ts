import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { Notification } from './notification.entity';

@Injectable()
export class NotificationRepository {
  constructor(private readonly db: TransactionalConnection) {}

  ofShipment(shipmentId: string): Promise<Notification[]> {
    return this.db.manager.getRepository(Notification).find({ where: { shipmentId }, order: { createdAt: 'ASC' } });
  }

  latestOfCounty(countyCode: string, limit: number): Promise<Notification[]> {
    return this.db.manager
      .getRepository(Notification)
      .find({ where: { countyCode }, order: { createdAt: 'DESC' }, take: limit });
  }
}

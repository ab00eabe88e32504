import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Notification } from './notification.entity';

@Injectable()
export class NotificationRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  ofShipment(shipmentId: string): Promise<Notification[]> {
    return this.dataSource.getRepository(Notification).find({ where: { shipmentId }, order: { createdAt: 'ASC' } });
  }

  latestOfCounty(countyCode: string, limit: number): Promise<Notification[]> {
    return this.dataSource
      .getRepository(Notification)
      .find({ where: { countyCode }, order: { createdAt: 'DESC' }, take: limit });
  }
}

import { Module } from '@nestjs/common';
import { ShipmentModule } from '../shipment/shipment.module';
import { NotificationController } from './notification.controller';
import { NotificationHandlers } from './notification.handlers';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';

/** The notifications recipients were sent, as the stored channel keeps them (the port itself: LogisticsAdaptersModule). */
@Module({
  imports: [ShipmentModule],
  controllers: [NotificationController],
  providers: [NotificationRepository, NotificationService, NotificationHandlers],
})
export class NotificationModule {}

import { Module } from '@nestjs/common';
import { CarrierModule } from '../carrier/carrier.module';
import { LogisticsCommonModule } from '../common/common.module';
import { ShipmentModule } from '../shipment/shipment.module';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

/** The sweep that returns parcels left too long on a shelf, and its manual trigger. */
@Module({
  imports: [LogisticsCommonModule, ShipmentModule, CarrierModule],
  controllers: [RetentionController],
  providers: [RetentionService],
})
export class RetentionModule {}

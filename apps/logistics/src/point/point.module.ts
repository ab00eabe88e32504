import { Module } from '@nestjs/common';
import { LogisticsCommonModule } from '../common/common.module';
import { LotModule } from '../lot/lot.module';
import { NetworkModule } from '../network/network.module';
import { RunModule } from '../run/run.module';
import { ShipmentModule } from '../shipment/shipment.module';
import { PickupGuard } from './pickup-guard';
import { PointController } from './point.controller';
import { PointService } from './point.service';

/** The village point's work: hand-ins of produce, the shelf, pickups by code (behind the attempt limiter). */
@Module({
  imports: [LogisticsCommonModule, NetworkModule, ShipmentModule, RunModule, LotModule],
  controllers: [PointController],
  providers: [PointService, PickupGuard],
  exports: [PointService],
})
export class PointModule {}

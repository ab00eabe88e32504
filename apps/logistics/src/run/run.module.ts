import { forwardRef, Module } from '@nestjs/common';
import { LogisticsCommonModule } from '../common/common.module';
import { NetworkModule } from '../network/network.module';
import { ShipmentModule } from '../shipment/shipment.module';
import { RunController } from './run.controller';
import { RunRepository } from './run.repository';
import { RunService } from './run.service';

/** The day's runs: planned by the configured RoutePlanner, dispatched, driven stop by stop and completed. */
@Module({
  imports: [LogisticsCommonModule, NetworkModule, forwardRef(() => ShipmentModule)],
  controllers: [RunController],
  providers: [RunRepository, RunService],
  exports: [RunRepository],
})
export class RunModule {}

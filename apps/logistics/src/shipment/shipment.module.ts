import { forwardRef, Module } from '@nestjs/common';
import { LogisticsCommonModule } from '../common/common.module';
import { NetworkModule } from '../network/network.module';
import { ShelvingService } from '../point/shelving.service';
import { RunModule } from '../run/run.module';
import { CustodyService } from './custody.service';
import { ShipmentController } from './shipment.controller';
import { ShipmentHandlers } from './shipment.handlers';
import { ShipmentRepository } from './shipment.repository';
import { ShipmentService } from './shipment.service';

/**
 * The shipment (the UI's parcel) aggregate: its repository, custody (every scan moves a parcel through it, shelving
 * at the village point included), the order events that open and cancel shipments, and the parcel API. A scan may
 * name a run and a run moves parcels, hence the forward references both ways with runs.
 */
@Module({
  imports: [LogisticsCommonModule, NetworkModule, forwardRef(() => RunModule)],
  controllers: [ShipmentController],
  providers: [ShipmentRepository, ShipmentService, ShipmentHandlers, CustodyService, ShelvingService],
  exports: [ShipmentRepository, CustodyService],
})
export class ShipmentModule {}

import { Module } from '@nestjs/common';
import { LogisticsCommonModule } from '../common/common.module';
import { NetworkModule } from '../network/network.module';
import { ShipmentModule } from '../shipment/shipment.module';
import { CarrierController } from './carrier.controller';
import { CarrierPort } from './carrier.port';
import { CarrierBookingRepository } from './carrier.repository';
import { CarrierService } from './carrier.service';
import { SimulatedCarrier } from './simulated-carrier';

/** Hand-over to the long-haul carrier: bookings through the CarrierPort, and the carrier's signed webhooks. */
@Module({
  imports: [LogisticsCommonModule, NetworkModule, ShipmentModule],
  controllers: [CarrierController],
  providers: [
    SimulatedCarrier,
    { provide: CarrierPort, useExisting: SimulatedCarrier },
    CarrierBookingRepository,
    CarrierService,
  ],
  exports: [CarrierService],
})
export class CarrierModule {}

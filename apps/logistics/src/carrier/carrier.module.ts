import { Module } from '@nestjs/common';
import { LogisticsCommonModule } from '../common/common.module';
import { LogisticsConfig } from '../logistics.config';
import { NetworkModule } from '../network/network.module';
import { ShipmentModule } from '../shipment/shipment.module';
import { CarrierController } from './carrier.controller';
import { CarrierPort } from './carrier.port';
import { CarrierBookingRepository } from './carrier.repository';
import { CarrierService } from './carrier.service';
import { Kuaidi100Carrier } from './kuaidi100/kuaidi100-carrier';
import { SimulatedCarrier } from './simulated-carrier';

/** Hand-over to the long-haul carrier: bookings through the CarrierPort, and the carrier's signed webhooks. */
@Module({
  imports: [LogisticsCommonModule, NetworkModule, ShipmentModule],
  controllers: [CarrierController],
  providers: [
    SimulatedCarrier,
    Kuaidi100Carrier,
    {
      // CARRIER chooses the adapter: 快递100 in production, the simulator in development
      provide: CarrierPort,
      inject: [LogisticsConfig, SimulatedCarrier, Kuaidi100Carrier],
      useFactory: (config: LogisticsConfig, simulated: SimulatedCarrier, kuaidi100: Kuaidi100Carrier) =>
        config.carrier === 'kuaidi100' ? kuaidi100 : simulated,
    },
    CarrierBookingRepository,
    CarrierService,
  ],
  exports: [CarrierService],
})
export class CarrierModule {}

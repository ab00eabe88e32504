import { Module } from '@nestjs/common';
import { CarrierModule } from '../carrier/carrier.module';
import { LogisticsCommonModule } from '../common/common.module';
import { NetworkModule } from '../network/network.module';
import { PointModule } from '../point/point.module';
import { RunModule } from '../run/run.module';
import { ShipmentModule } from '../shipment/shipment.module';
import { NodeController } from './node.controller';
import { NodeRepository } from './node.repository';
import { NodeService } from './node.service';

/** The hub and town-station workspaces: scan in, load, receive a van, hand to the carrier, exceptions. */
@Module({
  imports: [LogisticsCommonModule, NetworkModule, ShipmentModule, RunModule, PointModule, CarrierModule],
  controllers: [NodeController],
  providers: [NodeRepository, NodeService],
})
export class NodeModule {}

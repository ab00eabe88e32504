import { Module } from '@nestjs/common';
import { LogisticsCommonModule } from '../common/common.module';
import { NetworkController } from './network.controller';
import { NetworkRepository } from './network.repository';
import { NetworkService } from './network.service';

/** The county's nodes, hosts, vehicles and links, as county staff set them up; the others read them (and lock a node) through the repository. */
@Module({
  imports: [LogisticsCommonModule],
  controllers: [NetworkController],
  providers: [NetworkRepository, NetworkService],
  exports: [NetworkRepository],
})
export class NetworkModule {}

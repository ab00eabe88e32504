import { Module } from '@nestjs/common';
import { FreightController } from './freight.controller';
import { FreightRepository } from './freight.repository';
import { FreightService } from './freight.service';

/** Each seller's freight template; checkout prices freight with the repository. */
@Module({
  controllers: [FreightController],
  providers: [FreightRepository, FreightService],
  exports: [FreightRepository],
})
export class FreightModule {}

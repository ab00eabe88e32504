import { Module } from '@nestjs/common';
import { CommissionController } from './commission.controller';
import { CommissionRepository } from './commission.repository';
import { CommissionService } from './commission.service';

@Module({
  controllers: [CommissionController],
  providers: [CommissionRepository, CommissionService],
  exports: [CommissionRepository],
})
export class CommissionModule {}

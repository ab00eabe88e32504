import { Module } from '@nestjs/common';
import { LotHandlers } from './lot.handlers';
import { LotRepository } from './lot.repository';
import { LotService } from './lot.service';

/** Logistics' copy of catalog's produce lots (kept by `lot.recorded`), from which a hand-in's weight is taken. */
@Module({
  providers: [LotRepository, LotService, LotHandlers],
  exports: [LotService],
})
export class LotModule {}

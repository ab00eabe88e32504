import { Module } from '@nestjs/common';
import { LogisticsCommonModule } from '../common/common.module';
import { FiguresController } from './figures.controller';
import { FiguresRepository } from './figures.repository';
import { FiguresService } from './figures.service';

/** The county console's logistics figures. */
@Module({
  imports: [LogisticsCommonModule],
  controllers: [FiguresController],
  providers: [FiguresRepository, FiguresService],
})
export class FiguresModule {}

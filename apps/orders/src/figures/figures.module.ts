import { Module } from '@nestjs/common';
import { CountySettingModule } from '../county-setting/county-setting.module';
import { FiguresController } from './figures.controller';
import { FiguresRepository } from './figures.repository';
import { FiguresService } from './figures.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [CountySettingModule],
  controllers: [FiguresController, StatisticsController],
  providers: [FiguresRepository, FiguresService, StatisticsRepository, StatisticsService],
})
export class FiguresModule {}

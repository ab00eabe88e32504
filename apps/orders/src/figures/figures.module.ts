import { Module } from '@nestjs/common';
import { CountySettingModule } from '../county-setting/county-setting.module';
import { FiguresController } from './figures.controller';
import { FiguresRepository } from './figures.repository';
import { FiguresService } from './figures.service';

@Module({
  imports: [CountySettingModule],
  controllers: [FiguresController],
  providers: [FiguresRepository, FiguresService],
})
export class FiguresModule {}

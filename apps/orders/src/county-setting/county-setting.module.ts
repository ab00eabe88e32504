import { Module } from '@nestjs/common';
import { CountySettingController } from './county-setting.controller';
import { CountySettingRepository } from './county-setting.repository';
import { CountySettingService } from './county-setting.service';

@Module({
  controllers: [CountySettingController],
  providers: [CountySettingRepository, CountySettingService],
  exports: [CountySettingService],
})
export class CountySettingModule {}

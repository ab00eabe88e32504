import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  PlanCreateDto,
  PlanResponseDto,
  RunItemCreateDto,
  RunResponseDto,
  RunScanDto,
  RunScanResponseDto,
  RunSearchDto,
  RunStopsUpdateDto,
} from './run.dto';
import { RunService } from './run.service';

const uuid = new ParseUUIDPipe();

@ApiTags('runs')
@ApiBearerAuth()
@Controller('runs')
export class RunController {
  constructor(private readonly service: RunService) {}

  @Post('plan')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'County staff plan a day: waiting drops and collections go on runs (capacity at every stop, cold on refrigerated)',
  })
  @ApiOkResponse({ type: PlanResponseDto })
  plan(@CurrentPrincipal() principal: Principal, @Body() dto: PlanCreateDto): Promise<PlanResponseDto> {
    return this.service.plan(principal, dto);
  }

  @Get()
  @ApiOperation({ summary: "A day's runs with their manifests" })
  @ApiOkResponse({ type: [RunResponseDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: RunSearchDto): Promise<RunResponseDto[]> {
    return this.service.list(principal, query.countyCode, query.date);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One run: stops in order, what to drop and collect at each, the load after each stop' })
  @ApiOkResponse({ type: RunResponseDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<RunResponseDto> {
    return this.service.get(principal, id);
  }

  @Post(':id/items')
  @ApiOperation({ summary: 'Put a waiting parcel on a planned run (422 if the vehicle would be overloaded anywhere)' })
  @ApiCreatedResponse({ type: RunResponseDto })
  addItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunItemCreateDto,
  ): Promise<RunResponseDto> {
    return this.service.addItem(principal, id, dto);
  }

  @Delete(':id/items/:shipmentId')
  @ApiOperation({ summary: 'Take a parcel off a planned run' })
  @ApiOkResponse({ type: RunResponseDto })
  removeItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('shipmentId', uuid) shipmentId: string,
  ): Promise<RunResponseDto> {
    return this.service.removeItem(principal, id, shipmentId);
  }

  @Put(':id/stops')
  @ApiOperation({ summary: "Reorder a planned run's stops (422 if the new order overloads the vehicle)" })
  @ApiOkResponse({ type: RunResponseDto })
  reorder(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunStopsUpdateDto,
  ): Promise<RunResponseDto> {
    return this.service.reorder(principal, id, dto);
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'At the hub: the parcels to drop depart on the vehicle (temperatureC when cold goods ride)',
  })
  @ApiOkResponse({ type: RunScanResponseDto })
  dispatch(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunScanDto,
  ): Promise<RunScanResponseDto> {
    return this.service.dispatch(principal, id, dto);
  }

  @Post(':id/stops/:nodeId/collect')
  @HttpCode(200)
  @ApiOperation({
    summary: "At a stop: the run's collections there depart on the vehicle (the stop's operator or county staff)",
  })
  @ApiOkResponse({ type: RunScanResponseDto })
  collect(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: RunScanDto,
  ): Promise<RunScanResponseDto> {
    return this.service.collectAt(principal, id, nodeId, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Back at the hub: collected parcels arrive; undropped parcels return to the hub' })
  @ApiOkResponse({ type: RunScanResponseDto })
  complete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunScanDto,
  ): Promise<RunScanResponseDto> {
    return this.service.complete(principal, id, dto);
  }
}

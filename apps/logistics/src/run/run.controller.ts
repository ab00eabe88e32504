import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdempotencyKey, Idempotency, IdempotencyContext } from '../common/idempotency';
import { DateQueryDto } from '../point/point.dto';
import {
  PlanCreateDto,
  PlanResponseDto,
  RunItemCreateDto,
  RunParcelScanDto,
  RunParcelScanResponseDto,
  RunResponseDto,
  RunScanDto,
  RunScanResponseDto,
  RunSearchDto,
  RunStopsUpdateDto,
  RunTemperatureCreateDto,
  RunTemperatureResponseDto,
} from './run.dto';
import { RunService } from './run.service';

const uuid = new ParseUUIDPipe();

@ApiTags('runs')
@ApiBearerAuth()
@Controller()
export class RunController {
  constructor(private readonly service: RunService) {}

  @Post('runs/plan')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'County staff plan a day: waiting drops and collections go on runs (capacity at every stop, cold on refrigerated)',
  })
  @ApiOkResponse({ type: PlanResponseDto })
  plan(@CurrentPrincipal() principal: Principal, @Body() dto: PlanCreateDto): Promise<PlanResponseDto> {
    return this.service.plan(principal, dto);
  }

  @Get('runs')
  @ApiOperation({ summary: "A day's runs with their manifests" })
  @ApiOkResponse({ type: [RunResponseDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: RunSearchDto): Promise<RunResponseDto[]> {
    return this.service.list(principal, query.countyCode, query.date);
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One run: stops in order, what to drop and collect at each, the load after each stop' })
  @ApiOkResponse({ type: RunResponseDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<RunResponseDto> {
    return this.service.get(principal, id);
  }

  @Post('runs/:id/items')
  @ApiOperation({ summary: 'Put a waiting parcel on a planned run (422 if the vehicle would be overloaded anywhere)' })
  @ApiCreatedResponse({ type: RunResponseDto })
  addItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunItemCreateDto,
  ): Promise<RunResponseDto> {
    return this.service.addItem(principal, id, dto);
  }

  @Delete('runs/:id/items/:shipmentId')
  @ApiOperation({ summary: 'Take a parcel off a planned run' })
  @ApiOkResponse({ type: RunResponseDto })
  removeItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('shipmentId', uuid) shipmentId: string,
  ): Promise<RunResponseDto> {
    return this.service.removeItem(principal, id, shipmentId);
  }

  @Put('runs/:id/stops')
  @ApiOperation({ summary: "Reorder a planned run's stops (422 if the new order overloads the vehicle)" })
  @ApiOkResponse({ type: RunResponseDto })
  reorder(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunStopsUpdateDto,
  ): Promise<RunResponseDto> {
    return this.service.reorder(principal, id, dto);
  }

  @Post('runs/:id/dispatch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'At the hub: the parcels to drop depart on the vehicle (temperatureC when cold goods ride)',
  })
  @ApiOkResponse({ type: RunScanResponseDto })
  @ApiIdempotencyKey()
  dispatch(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunScanDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunScanResponseDto> {
    return this.service.dispatch(principal, id, dto, idempotency);
  }

  @Post('runs/:id/stops/:nodeId/collect')
  @HttpCode(200)
  @ApiOperation({
    summary: "At a stop: the run's collections there depart on the vehicle (the stop's operator or county staff)",
  })
  @ApiOkResponse({ type: RunScanResponseDto })
  @ApiIdempotencyKey()
  collect(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: RunScanDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunScanResponseDto> {
    return this.service.collectAt(principal, id, nodeId, dto, idempotency);
  }

  @Post('runs/:id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Back at the hub: collected parcels arrive; undropped parcels return to the hub' })
  @ApiOkResponse({ type: RunScanResponseDto })
  @ApiIdempotencyKey()
  complete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunScanDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunScanResponseDto> {
    return this.service.complete(principal, id, dto, idempotency);
  }

  @Post('runs/:id/load')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'At the hub: scan one parcel onto the run’s van (hub operators, county staff, the driver); 422 wrong-run names its run',
  })
  @ApiOkResponse({ type: RunParcelScanResponseDto })
  @ApiIdempotencyKey()
  load(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunParcelScanDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.service.load(principal, id, dto, idempotency);
  }

  @Post('runs/:id/unload')
  @HttpCode(200)
  @ApiOperation({ summary: 'Back at the hub: scan one collected parcel off the van into the hub' })
  @ApiOkResponse({ type: RunParcelScanResponseDto })
  @ApiIdempotencyKey()
  unload(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunParcelScanDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.service.unload(principal, id, dto, idempotency);
  }

  @Post('runs/:id/stops/:nodeId/drops')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'At a stop: drop one parcel for it (the driver or the stop’s operator); at its village point it is shelved with a code',
  })
  @ApiOkResponse({ type: RunParcelScanResponseDto })
  @ApiIdempotencyKey()
  drop(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: RunParcelScanDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.service.dropAt(principal, id, nodeId, dto, idempotency);
  }

  @Post('runs/:id/stops/:nodeId/collections')
  @HttpCode(200)
  @ApiOperation({
    summary: 'At a stop: one waiting parcel (produce, a return) goes onto the van (the driver or the stop’s operator)',
  })
  @ApiOkResponse({ type: RunParcelScanResponseDto })
  @ApiIdempotencyKey()
  collectOne(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: RunParcelScanDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunParcelScanResponseDto> {
    return this.service.collectOne(principal, id, nodeId, dto, idempotency);
  }

  @Post('runs/:id/temperatures')
  @HttpCode(200)
  @ApiOperation({ summary: 'A cold run: the cold compartment’s reading, recorded for every cold parcel on board' })
  @ApiOkResponse({ type: RunTemperatureResponseDto })
  @ApiIdempotencyKey()
  recordTemperature(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: RunTemperatureCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<RunTemperatureResponseDto> {
    return this.service.recordTemperature(principal, id, dto, idempotency);
  }

  @Get('driver/runs')
  @ApiOperation({ summary: "A driver's runs of the day: stops in order, what to drop and collect at each" })
  @ApiOkResponse({ type: [RunResponseDto] })
  driverRuns(@CurrentPrincipal() principal: Principal, @Query() query: DateQueryDto): Promise<RunResponseDto[]> {
    return this.service.driverRuns(principal, query.date);
  }
}

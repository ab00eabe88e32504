import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdempotencyKey, Idempotency, IdempotencyContext } from '../common/idempotency';
import {
  ArrivalCreateDto,
  ArrivalResponseDto,
  ArrivalsResponseDto,
  CollectionCreateDto,
  CollectionResponseDto,
  DateQueryDto,
  HandInCreateDto,
  HandInResponseDto,
  OverdueResponseDto,
  PointParcelDto,
  ShelvesResponseDto,
} from './point.dto';
import { PointService } from './point.service';

const uuid = new ParseUUIDPipe();

@ApiTags('village points')
@ApiBearerAuth()
@Controller('points/:nodeId')
export class PointController {
  constructor(private readonly service: PointService) {}

  @Post('hand-ins')
  @ApiOperation({
    summary: "First kilometre: weigh a cooperative's produce (within tolerance), scan its lots' trace codes",
  })
  @ApiCreatedResponse({ type: HandInResponseDto })
  @ApiIdempotencyKey()
  handIn(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: HandInCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<HandInResponseDto> {
    return this.service.handIn(principal, nodeId, dto, idempotency);
  }

  @Post('arrivals')
  @ApiOperation({
    summary: 'Scan a parcel in; at its own village point it gets a shelf slot and a pickup code (recipient notified)',
  })
  @ApiCreatedResponse({ type: ArrivalResponseDto })
  @ApiIdempotencyKey()
  arrive(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: ArrivalCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<ArrivalResponseDto> {
    return this.service.arrive(principal, nodeId, dto, idempotency);
  }

  @Post('collections')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Hand a parcel out: pickup code + last 4 digits of the phone → receipt, shipment.delivered. Every try counts; ' +
      'after the county’s pickupMaxAttempts wrong ones the caller (not the point) is refused 423 pickup-locked',
  })
  @ApiOkResponse({ type: CollectionResponseDto })
  @ApiIdempotencyKey()
  collect(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: CollectionCreateDto,
    @Ip() ip: string,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<CollectionResponseDto> {
    return this.service.collect(principal, nodeId, dto, ip, idempotency);
  }

  @Get('arrivals')
  @ApiOperation({ summary: "A day's arrivals: expected on runs, and scanned in" })
  @ApiOkResponse({ type: ArrivalsResponseDto })
  arrivals(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Query() query: DateQueryDto,
  ): Promise<ArrivalsResponseDto> {
    return this.service.arrivals(principal, nodeId, query.date);
  }

  @Get('shelves')
  @ApiOperation({ summary: 'What waits on which shelf and layer' })
  @ApiOkResponse({ type: ShelvesResponseDto })
  shelves(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
  ): Promise<ShelvesResponseDto> {
    return this.service.shelves(principal, nodeId);
  }

  @Get('overdue')
  @ApiOperation({ summary: 'Parcels past or near their collect-by time, and those waiting to go back' })
  @ApiOkResponse({ type: OverdueResponseDto })
  overdue(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
  ): Promise<OverdueResponseDto> {
    return this.service.overdue(principal, nodeId);
  }

  @Get('outbound')
  @ApiOperation({ summary: 'Produce handed in (and returns) waiting for the next run up' })
  @ApiOkResponse({ type: [PointParcelDto] })
  outbound(@CurrentPrincipal() principal: Principal, @Param('nodeId', uuid) nodeId: string): Promise<PointParcelDto[]> {
    return this.service.outbound(principal, nodeId);
  }
}

import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdempotencyKey, Idempotency, IdempotencyContext } from '../common/idempotency';
import {
  ExcursionResponseDto,
  ExcursionSearchDto,
  LabelResponseDto,
  ParcelCodeParamDto,
  ScanCreateDto,
  ScanResponseDto,
  ShipmentSearchDto,
  ShipmentSummaryDto,
  ShipmentTimelineDto,
  TemperatureReadingCreateDto,
} from './shipment.dto';
import { ShipmentService } from './shipment.service';

const uuid = new ParseUUIDPipe();

@ApiTags('shipments')
@ApiBearerAuth()
@Controller()
export class ShipmentController {
  constructor(private readonly service: ShipmentService) {}

  @Get('shipments')
  @ApiOperation({ summary: "County staff: their county's shipments; operators: those routed through their node" })
  @ApiOkResponse({ type: [ShipmentSummaryDto] })
  search(@CurrentPrincipal() principal: Principal, @Query() query: ShipmentSearchDto): Promise<ShipmentSummaryDto[]> {
    return this.service.search(principal, query);
  }

  @Get('shipments/:id')
  @ApiOperation({
    summary:
      'Tracking timeline: path, legs, scans, temperatures and excursions, custody, pickup (the code for the buyer only)',
  })
  @ApiOkResponse({ type: ShipmentTimelineDto })
  timeline(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ShipmentTimelineDto> {
    return this.service.timeline(principal, id);
  }

  @Get('shipments/:id/label')
  @ApiOperation({
    summary:
      "What the parcel's label shows: code (Code 128 and QR), destination and path, cold class, run; never the pickup code or full phone",
  })
  @ApiOkResponse({ type: LabelResponseDto })
  label(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<LabelResponseDto> {
    return this.service.label(principal, { id });
  }

  @Get('parcels/:parcelCode/label')
  @ApiOperation({ summary: 'The label of a parcel by its code (a scanner reads it off the old label)' })
  @ApiOkResponse({ type: LabelResponseDto })
  labelByCode(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ParcelCodeParamDto,
  ): Promise<LabelResponseDto> {
    return this.service.label(principal, { parcelCode: params.parcelCode });
  }

  @Get('orders/:orderId/shipment')
  @ApiOperation({ summary: "The tracking timeline of an order's shipment (the buyer, the seller, county staff)" })
  @ApiOkResponse({ type: ShipmentTimelineDto })
  byOrder(
    @CurrentPrincipal() principal: Principal,
    @Param('orderId', uuid) orderId: string,
  ): Promise<ShipmentTimelineDto> {
    return this.service.timelineForOrder(principal, orderId);
  }

  @Post('shipments/:id/scans')
  @ApiOperation({
    summary: 'Scan a hand-over at a node: arrived or departed (with the vehicle or run); cold goods need temperatureC',
  })
  @ApiCreatedResponse({ type: ScanResponseDto })
  @ApiIdempotencyKey()
  scan(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ScanCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<ScanResponseDto> {
    return this.service.scan(principal, id, dto, idempotency);
  }

  @Post('shipments/:id/temperatures')
  @ApiOperation({
    summary: 'Record a temperature reading of cold goods; outside the range → excursion (shipment.excursion)',
  })
  @ApiCreatedResponse({ type: ShipmentTimelineDto })
  recordTemperature(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: TemperatureReadingCreateDto,
  ): Promise<ShipmentTimelineDto> {
    return this.service.recordTemperature(principal, id, dto);
  }

  @Post('shipments/:id/reroute')
  @HttpCode(200)
  @ApiOperation({ summary: 'County staff route a shipment again once the network has the node it was missing' })
  @ApiOkResponse({ type: ShipmentTimelineDto })
  reroute(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<ShipmentTimelineDto> {
    return this.service.reroute(principal, id);
  }

  @Get('excursions')
  @ApiOperation({ summary: 'County staff: temperature excursions in their county, newest first (claim evidence)' })
  @ApiOkResponse({ type: [ExcursionResponseDto] })
  excursions(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ExcursionSearchDto,
  ): Promise<ExcursionResponseDto[]> {
    return this.service.excursions(principal, query.countyCode);
  }
}

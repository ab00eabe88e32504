import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiIdempotencyKey, Idempotency, IdempotencyContext } from '../common/idempotency';
import {
  CarrierHandoverCreateDto,
  CarrierHandoverResponseDto,
  CarrierWebhookDto,
  CarrierWebhookResponseDto,
} from './carrier.dto';
import { CarrierService } from './carrier.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-signature';

@ApiTags('express carrier')
@Controller()
export class CarrierController {
  constructor(private readonly service: CarrierService) {}

  @ApiBearerAuth()
  @Post('shipments/:id/carrier-handover')
  @ApiOperation({
    summary: 'At the county hub: hand produce for a city address to the express carrier (waybill number)',
  })
  @ApiCreatedResponse({ type: CarrierHandoverResponseDto })
  @ApiIdempotencyKey()
  handOver(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CarrierHandoverCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<CarrierHandoverResponseDto> {
    return this.service.handOver(principal, { shipmentId: id }, dto, idempotency);
  }

  @Public()
  @Post('carrier/webhook')
  @HttpCode(200)
  @ApiHeader({ name: TIMESTAMP_HEADER, description: 'unix seconds' })
  @ApiHeader({ name: SIGNATURE_HEADER, description: 'hex HMAC-SHA256 of "<timestamp>.<canonical JSON body>"' })
  @ApiOperation({
    summary: "The carrier's signed delivery confirmation → shipment.delivered (a repeat is answered, not applied)",
  })
  @ApiOkResponse({ type: CarrierWebhookResponseDto })
  webhook(
    @Headers(SIGNATURE_HEADER) signature: string | undefined,
    @Headers(TIMESTAMP_HEADER) timestamp: string | undefined,
    @Body() dto: CarrierWebhookDto,
  ): Promise<CarrierWebhookResponseDto> {
    return this.service.receiveWebhook(signature, timestamp, dto);
  }

  @ApiBearerAuth()
  @Post('carrier/simulated/:waybillNo/deliver')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Development: the simulated carrier delivers this waybill now (through the signed webhook)',
  })
  @ApiOkResponse({ type: CarrierWebhookResponseDto })
  simulateDelivery(
    @CurrentPrincipal() principal: Principal,
    @Param('waybillNo') waybillNo: string,
  ): Promise<CarrierWebhookResponseDto> {
    return this.service.simulateDelivery(principal, waybillNo);
  }
}

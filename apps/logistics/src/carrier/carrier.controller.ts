import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiIdempotencyKey, Idempotency, IdempotencyContext } from '../common/idempotency';
import {
  CarrierHandoverCreateDto,
  CarrierHandoverResponseDto,
  CarrierWebhookDto,
  CarrierWebhookResponseDto,
  Kuaidi100PushResponseDto,
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

  @Public()
  @Post('carrier/kuaidi100/push')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: "快递100's push of a waybill's track (form param + sign = MD5(param + salt)); 签收 → shipment.delivered",
    description:
      'Answered `{"result":true,"returnCode":"200","message":"成功"}` when verified and taken (a repeated 签收 ' +
      'is not applied twice); 401 for a missing or wrong sign, 404 when 快递100 is not the configured carrier.',
  })
  @ApiOkResponse({ type: Kuaidi100PushResponseDto })
  kuaidi100Push(@Req() request: FastifyRequest & { rawBody?: Buffer }): Promise<Kuaidi100PushResponseDto> {
    return this.service.receiveKuaidi100Push(request.rawBody);
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

import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { PaymentResponseDto, SimulatedWebhookResultDto, SimulatePaymentDto, WebhookResponseDto } from './payment.dto';
import { PaymentService } from './payment.service';

@ApiTags('payments')
@Controller()
export class PaymentController {
  constructor(private readonly service: PaymentService) {}

  @ApiBearerAuth()
  @Post('order-groups/:id/payments')
  @ApiOperation({ summary: "Create a payment at the provider for the group's orders awaiting payment; pay at payUrl" })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<PaymentResponseDto> {
    return this.service.create(principal, id);
  }

  @Public()
  @Post('payments/webhook')
  @HttpCode(200)
  @ApiOperation({
    summary: "The provider's signed notification (HMAC-SHA256 over the raw body); 401 if the signature is bad",
    description:
      'Every verified webhook is answered 200 with its outcome: applied, partly_refunded, refunded (e.g. paid after ' +
      'expiry), amount_mismatch (not applied; refunded) — and duplicate: true for a transaction seen before.',
  })
  @ApiOkResponse({ type: WebhookResponseDto })
  webhook(
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Headers() headers: IncomingHttpHeaders,
  ): Promise<WebhookResponseDto> {
    return this.service.webhook(request.rawBody, headers);
  }

  @Public()
  @Post('payments/simulator/:providerPaymentId/pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Development only: the simulated provider takes the money and sends its signed webhook' })
  @ApiOkResponse({ type: SimulatedWebhookResultDto })
  simulatePay(
    @Param('providerPaymentId') providerPaymentId: string,
    @Body() dto: SimulatePaymentDto,
  ): Promise<SimulatedWebhookResultDto> {
    return this.service.simulatePay(providerPaymentId, dto);
  }
}

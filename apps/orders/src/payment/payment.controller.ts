import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Header, Headers, HttpCode, Ip, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import {
  PaymentCreateDto,
  PaymentResponseDto,
  SimulatedWebhookResultDto,
  SimulatePaymentDto,
  WebhookResponseDto,
} from './payment.dto';
import { PaymentService } from './payment.service';

@ApiTags('payments')
@Controller()
export class PaymentController {
  constructor(private readonly service: PaymentService) {}

  @ApiBearerAuth()
  @Post('order-groups/:id/payments')
  @ApiOperation({
    summary: "Create a payment at the provider for the group's orders awaiting payment; pay at payUrl",
    description:
      'The channel (WeChat JSAPI/H5/Native, Alipay WAP/page/precreate) must be one the configured provider takes ' +
      '(422 unsupported-payment-channel); WeChat JSAPI needs payerOpenId and answers clientParams instead of payUrl. ' +
      '502 payment-provider-unavailable when the provider did not answer.',
  })
  @ApiBody({ type: PaymentCreateDto, required: false })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: PaymentCreateDto,
    @Ip() ip: string,
  ): Promise<PaymentResponseDto> {
    return this.service.create(principal, id, dto, ip);
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
  @Post('payments/webhook/wechatpay')
  @HttpCode(204)
  @ApiOperation({
    summary:
      "WeChat Pay's notification (payment or refund), signed by its platform key, resource AES-256-GCM encrypted",
    description:
      'Answered 204 when verified and applied (or already applied), as WeChat Pay expects; 401 for a bad or stale ' +
      'signature, 404 when WeChat Pay is not the configured provider. A county with a merchant of its own ' +
      '(PAYMENT_MERCHANTS) is notified at /payments/webhook/wechatpay/{merchant}, verified with that merchant’s keys.',
  })
  @ApiNoContentResponse()
  async wechatpay(
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Headers() headers: IncomingHttpHeaders,
  ): Promise<void> {
    await this.service.webhook(request.rawBody, headers, 'wechatpay');
  }

  @Public()
  @Post('payments/webhook/wechatpay/:merchant')
  @HttpCode(204)
  @ApiOperation({
    summary: "WeChat Pay's notification for a county's own merchant (PAYMENT_MERCHANTS), verified with its keys",
    description:
      'As /payments/webhook/wechatpay, for the merchant named in the path; 404 provider-not-configured when no ' +
      'WeChat Pay merchant of that name is configured here.',
  })
  @ApiNoContentResponse()
  async wechatpayMerchant(
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Headers() headers: IncomingHttpHeaders,
    @Param('merchant') merchant: string,
  ): Promise<void> {
    await this.service.webhook(request.rawBody, headers, 'wechatpay', merchant);
  }

  @Public()
  @Post('payments/webhook/alipay')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: "Alipay's asynchronous notification (trade_status_sync, refunds included), RSA2-signed form",
    description:
      'Answered with the text `success` when verified and applied (or already applied), which stops Alipay ' +
      'resending; 401 for a bad or stale signature, 404 when Alipay is not the configured provider. A county with a ' +
      'merchant of its own (PAYMENT_MERCHANTS) is notified at /payments/webhook/alipay/{merchant}.',
  })
  @ApiOkResponse({ schema: { type: 'string', example: 'success' } })
  async alipay(
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Headers() headers: IncomingHttpHeaders,
  ): Promise<string> {
    await this.service.webhook(request.rawBody, headers, 'alipay');
    return 'success';
  }

  @Public()
  @Post('payments/webhook/alipay/:merchant')
  @HttpCode(200)
  @Header('content-type', 'text/plain; charset=utf-8')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: "Alipay's notification for a county's own merchant (PAYMENT_MERCHANTS), verified with its keys",
    description:
      'As /payments/webhook/alipay, for the merchant named in the path; 404 provider-not-configured when no ' +
      'Alipay merchant of that name is configured here.',
  })
  @ApiOkResponse({ schema: { type: 'string', example: 'success' } })
  async alipayMerchant(
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Headers() headers: IncomingHttpHeaders,
    @Param('merchant') merchant: string,
  ): Promise<string> {
    await this.service.webhook(request.rawBody, headers, 'alipay', merchant);
    return 'success';
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

import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { QuoteResponseDto } from '../freight/freight.dto';
import { OrderGroupResponseDto } from '../order/order.dto';
import { AssistedCheckoutDto, CheckoutDto } from './checkout.dto';
import { CheckoutService, PlacementResult } from './checkout.service';

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A retry with the same key and body returns the same order group; the same key with another body is a 422',
};

const answer = (reply: FastifyReply, result: PlacementResult): OrderGroupResponseDto => {
  if (result.replayed) {
    void reply.header('idempotent-replayed', 'true');
  }
  return result.group;
};

@ApiTags('checkout')
@ApiBearerAuth()
@Controller()
export class CheckoutController {
  constructor(private readonly service: CheckoutService) {}

  @Post('checkout')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: 'Place a basket: one order per seller, answered at once in state placed; catalog then reserves the stock',
  })
  @ApiAcceptedResponse({ type: OrderGroupResponseDto })
  async checkout(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CheckoutDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderGroupResponseDto> {
    return answer(reply, await this.service.checkout(principal, dto, key));
  }

  @Post('checkout/quote')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "What the basket costs before paying: each seller's goods, freight to the destination, the coupons' discount and total",
  })
  @ApiOkResponse({ type: QuoteResponseDto })
  quote(@CurrentPrincipal() principal: Principal, @Body() dto: CheckoutDto): Promise<QuoteResponseDto> {
    return this.service.quote(principal, dto);
  }

  @Post('assisted-orders')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({
    summary: "A service point's operator orders for a villager, to collect at the point (commission to the point)",
  })
  @ApiAcceptedResponse({ type: OrderGroupResponseDto })
  async assisted(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: AssistedCheckoutDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderGroupResponseDto> {
    return answer(reply, await this.service.assisted(principal, dto, key));
  }
}

import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OrderGroupStream } from './order-group.stream';
import {
  CancelDto,
  CashReceivedDto,
  OrderDetailResponseDto,
  OrderGroupResponseDto,
  OrderResponseDto,
  OrderSearchDto,
  PackingLineResponseDto,
} from './order.dto';
import { OrderService } from './order.service';

const uuid = new ParseUUIDPipe();

@ApiTags('orders')
@ApiBearerAuth()
@Controller()
export class OrderController {
  constructor(
    private readonly service: OrderService,
    private readonly stream: OrderGroupStream,
  ) {}

  @Get('orders')
  @ApiOperation({ summary: "The caller's own orders, newest first" })
  @ApiOkResponse({ type: [OrderResponseDto] })
  mine(@CurrentPrincipal() principal: Principal, @Query() search: OrderSearchDto): Promise<OrderResponseDto[]> {
    return this.service.mine(principal, search);
  }

  @Get('orders/:id')
  @ApiOperation({
    summary: 'One order with its history, payments, refunds, shipment, cold-chain excursions, claim and review',
    description: 'For its buyer, its seller, the service point it is bound for, and county staff; 404 for anyone else.',
  })
  @ApiOkResponse({ type: OrderDetailResponseDto })
  detail(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<OrderDetailResponseDto> {
    return this.service.detail(principal, id);
  }

  @Post('orders/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'The buyer cancels: before payment, or after it until dispatch (refunded); else 409' })
  @ApiOkResponse({ type: OrderDetailResponseDto })
  cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: CancelDto,
  ): Promise<OrderDetailResponseDto> {
    return this.service.cancel(principal, id, dto.reason?.trim() ?? null);
  }

  @Post('orders/:id/confirm-receipt')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The buyer confirms receipt (确认收货) of a completed order; the settlement clock starts (409 once done)',
  })
  @ApiOkResponse({ type: OrderDetailResponseDto })
  confirmReceipt(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
  ): Promise<OrderDetailResponseDto> {
    return this.service.confirmReceipt(principal, id);
  }

  @Post('orders/:id/cash-received')
  @HttpCode(200)
  @ApiOperation({ summary: "The collecting service point's operator confirms the cash of a cash-on-collection order" })
  @ApiOkResponse({ type: OrderDetailResponseDto })
  cashReceived(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: CashReceivedDto,
  ): Promise<OrderDetailResponseDto> {
    return this.service.cashReceived(principal, id, dto);
  }

  @Get('order-groups/:id')
  @ApiOperation({ summary: 'A checkout: its orders (one per seller) and payments (the buyer)' })
  @ApiOkResponse({ type: OrderGroupResponseDto })
  group(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<OrderGroupResponseDto> {
    return this.service.group(principal, id);
  }

  @Get('order-groups/:id/events')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'A checkout as it moves (the buyer): server-sent events, instead of polling the order group',
    description:
      'A `group` event (data: the order group, as GET /order-groups/{id} answers) at once and after each committed ' +
      'change of its orders or payments; the stream ends after the event in which no order awaits its reservation ' +
      'or payment any more, and after five minutes (then read the group or open a new stream). `: ping` comments ' +
      'keep it alive. 404 problem+json for anyone but the buyer.',
  })
  @ApiOkResponse({ description: 'text/event-stream of `group` events', schema: { type: 'string' } })
  events(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.stream.serve(principal, id, reply);
  }

  @Get('sellers/:orgId/orders')
  @ApiOperation({ summary: "A seller organisation's orders with their lines (its owners and staff)" })
  @ApiOkResponse({ type: [OrderResponseDto] })
  forSeller(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Query() search: OrderSearchDto,
  ): Promise<OrderResponseDto[]> {
    return this.service.forSeller(principal, orgId, search);
  }

  @Get('sellers/:orgId/packing-list')
  @ApiOperation({ summary: 'What to pack: quantities per SKU over paid orders not yet dispatched' })
  @ApiOkResponse({ type: [PackingLineResponseDto] })
  packingList(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
  ): Promise<PackingLineResponseDto[]> {
    return this.service.packingList(principal, orgId);
  }

  @Get('service-points/:orgId/orders')
  @ApiOperation({ summary: 'Orders bound for a service point (its members)' })
  @ApiOkResponse({ type: [OrderResponseDto] })
  forServicePoint(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Query() search: OrderSearchDto,
  ): Promise<OrderResponseDto[]> {
    return this.service.forServicePoint(principal, orgId, search);
  }

  @Get('counties/:countyCode/orders')
  @ApiOperation({ summary: "A county's orders: sold by its sellers or bound for its service points (county staff)" })
  @ApiOkResponse({ type: [OrderResponseDto] })
  forCounty(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
    @Query() search: OrderSearchDto,
  ): Promise<OrderResponseDto[]> {
    return this.service.forCounty(principal, countyCode, search);
  }
}

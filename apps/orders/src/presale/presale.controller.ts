import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrderGroupResponseDto } from '../order/order.dto';
import { HarvestDto, HarvestResponseDto, PresaleCreateDto, PresaleOrderDto, PresaleResponseDto } from './presale.dto';
import { PresaleService } from './presale.service';

const uuid = new ParseUUIDPipe();

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A retry with the same key and body returns the same order group; the same key with another body is a 422',
};

@ApiTags('presales')
@ApiBearerAuth()
@Controller()
export class PresaleController {
  constructor(private readonly service: PresaleService) {}

  @Post('presales')
  @ApiOperation({
    summary: '预售: the seller (owner, staff) sells a coming harvest of one SKU: price, cap, shipping window, closing',
  })
  @ApiOkResponse({ type: PresaleResponseDto })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: PresaleCreateDto): Promise<PresaleResponseDto> {
    return this.service.create(principal, dto);
  }

  @Public()
  @Get('presales/:id')
  @ApiOperation({ summary: 'A pre-sale: units ordered and left, shipping window, whether it is open, the harvest' })
  @ApiOkResponse({ type: PresaleResponseDto })
  get(@Param('id', uuid) id: string): Promise<PresaleResponseDto> {
    return this.service.get(id);
  }

  @Public()
  @Get('listings/:listingId/presales')
  @ApiOperation({ summary: "A listing's pre-sales, newest first (the listing page shows the open ones as 预售)" })
  @ApiOkResponse({ type: [PresaleResponseDto] })
  ofListing(@Param('listingId', uuid) listingId: string): Promise<PresaleResponseDto[]> {
    return this.service.ofListing(listingId);
  }

  @Get('sellers/:orgId/presales')
  @ApiOperation({ summary: "The seller's pre-sales, newest first (its owners and staff)" })
  @ApiOkResponse({ type: [PresaleResponseDto] })
  ofSeller(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
  ): Promise<PresaleResponseDto[]> {
    return this.service.ofSeller(principal, orgId);
  }

  @Post('presales/:id/orders')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @HttpCode(202)
  @ApiOperation({
    summary:
      'A buyer orders from the pre-sale (its units taken from the cap at once; 409 presale-sold-out / presale-closed); ' +
      'pay the order group as usual — the paid order waits for the harvest (awaiting_harvest)',
  })
  @ApiAcceptedResponse({ type: OrderGroupResponseDto })
  async order(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: PresaleOrderDto,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<OrderGroupResponseDto> {
    return (await this.service.order(principal, id, dto, key)).group;
  }

  @Post('presales/:id/harvest')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The seller records the harvest: held orders are released for hand-in in the order placed, up to it; ' +
      'the orders it does not cover are cancelled and refunded (409 once recorded)',
  })
  @ApiOkResponse({ type: HarvestResponseDto })
  harvest(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: HarvestDto,
  ): Promise<HarvestResponseDto> {
    return this.service.harvest(principal, id, dto);
  }
}

import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BuyingGroupResponseDto,
  GroupDealCreateDto,
  GroupDealResponseDto,
  GroupDealWithGroupsResponseDto,
  GroupOrderDto,
  GroupPlacementResponseDto,
} from './group-buy.dto';
import { GroupBuyService } from './group-buy.service';

const uuid = new ParseUUIDPipe();

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'A retry with the same key and body returns the same order group; the same key with another body is a 422',
};

@ApiTags('group-buying')
@ApiBearerAuth()
@Controller()
export class GroupBuyController {
  constructor(private readonly service: GroupBuyService) {}

  @Post('group-deals')
  @ApiOperation({
    summary: '拼团: the seller (owner, staff) offers a group price for a group of N within a time limit',
  })
  @ApiOkResponse({ type: GroupDealResponseDto })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: GroupDealCreateDto): Promise<GroupDealResponseDto> {
    return this.service.createDeal(principal, dto);
  }

  @Public()
  @Get('listings/:listingId/group-deals')
  @ApiOperation({ summary: "A listing's group deals, each with its open groups that still have a place" })
  @ApiOkResponse({ type: [GroupDealWithGroupsResponseDto] })
  ofListing(@Param('listingId', uuid) listingId: string): Promise<GroupDealWithGroupsResponseDto[]> {
    return this.service.dealsOfListing(listingId);
  }

  @Get('sellers/:orgId/group-deals')
  @ApiOperation({ summary: "The seller's group deals, newest first (its owners and staff)" })
  @ApiOkResponse({ type: [GroupDealResponseDto] })
  ofSeller(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
  ): Promise<GroupDealResponseDto[]> {
    return this.service.dealsOfSeller(principal, orgId);
  }

  @Post('group-deals/:id/groups')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @HttpCode(202)
  @ApiOperation({
    summary: 'A buyer starts a group (and orders its first place at the group price); pay the order group as usual',
  })
  @ApiAcceptedResponse({ type: GroupPlacementResponseDto })
  start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: GroupOrderDto,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<GroupPlacementResponseDto> {
    return this.service.start(principal, id, dto, key);
  }

  @Public()
  @Get('buying-groups/:id')
  @ApiOperation({ summary: "A group's progress (the share link's page): places taken and paid, time left, status" })
  @ApiOkResponse({ type: BuyingGroupResponseDto })
  get(@Param('id', uuid) id: string): Promise<BuyingGroupResponseDto> {
    return this.service.get(id);
  }

  @Post('buying-groups/:id/join')
  @ApiHeader(IDEMPOTENCY_HEADER)
  @HttpCode(202)
  @ApiOperation({
    summary: 'A buyer joins a group through its share link: one place, atomically (409 group-full / group-closed)',
  })
  @ApiAcceptedResponse({ type: GroupPlacementResponseDto })
  join(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: GroupOrderDto,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<GroupPlacementResponseDto> {
    return this.service.join(principal, id, dto, key);
  }
}

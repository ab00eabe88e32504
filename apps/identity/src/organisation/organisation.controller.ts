import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  MemberAddDto,
  MemberResponseDto,
  OrganisationCreateDto,
  OrganisationResponseDto,
  OrganisationSearchDto,
  SuspendDto,
} from './organisation.dto';
import { OrganisationService } from './organisation.service';

const uuid = new ParseUUIDPipe();

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationController {
  constructor(private readonly service: OrganisationService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an organisation; the caller becomes its owner. Sellers and service points start pending.',
  })
  @ApiCreatedResponse({ type: OrganisationResponseDto })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: OrganisationCreateDto,
  ): Promise<OrganisationResponseDto> {
    return this.service.create(principal, dto);
  }

  @Get()
  @ApiOperation({ summary: "County staff: their county's organisations (e.g. status=pending); platform admins: all" })
  @ApiOkResponse({ type: [OrganisationResponseDto] })
  search(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OrganisationSearchDto,
  ): Promise<OrganisationResponseDto[]> {
    return this.service.search(principal, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One organisation; its contact phone only for its members, county staff of its county and platform admins',
  })
  @ApiOkResponse({ type: OrganisationResponseDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<OrganisationResponseDto> {
    return this.service.get(principal, id);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiOperation({ summary: "County staff of the organisation's county verify it → org.verified" })
  @ApiOkResponse({ type: OrganisationResponseDto })
  verify(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<OrganisationResponseDto> {
    return this.service.verify(principal, id);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: "County staff of the organisation's county suspend it with a reason → org.suspended" })
  @ApiOkResponse({ type: OrganisationResponseDto })
  suspend(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: SuspendDto,
  ): Promise<OrganisationResponseDto> {
    return this.service.suspend(principal, id, dto.reason);
  }

  @Get(':id/members')
  @ApiOperation({ summary: 'Members (members, county staff of its county, platform admins)' })
  @ApiOkResponse({ type: [MemberResponseDto] })
  members(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<MemberResponseDto[]> {
    return this.service.members(principal, id);
  }

  @Post(':id/members')
  @ApiOperation({ summary: 'Owners add an existing account as a member with a role the kind allows' })
  @ApiCreatedResponse({ type: MemberResponseDto })
  addMember(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: MemberAddDto,
  ): Promise<MemberResponseDto> {
    return this.service.addMember(principal, id, dto);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Owners remove a member (never the last owner)' })
  removeMember(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
  ): Promise<void> {
    return this.service.removeMember(principal, id, userId);
  }
}

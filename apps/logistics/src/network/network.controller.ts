import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CountyParamDto,
  CountyQueryDto,
  CountySettingsResponseDto,
  CountySettingsUpdateDto,
  NodeCreateDto,
  NodeResponseDto,
  NodeSearchDto,
  NodeUpdateDto,
  RouteCreateDto,
  RouteResponseDto,
  VehicleCreateDto,
  VehicleDriverUpdateDto,
  VehicleResponseDto,
  VehicleUpdateDto,
} from './network.dto';
import { NetworkService } from './network.service';

const uuid = new ParseUUIDPipe();

@ApiTags('network')
@ApiBearerAuth()
@Controller()
export class NetworkController {
  constructor(private readonly service: NetworkService) {}

  @Post('nodes')
  @ApiOperation({
    summary: "County staff add a node: the hub, a town station or a village point (code extends its parent's)",
  })
  @ApiCreatedResponse({ type: NodeResponseDto })
  createNode(@CurrentPrincipal() principal: Principal, @Body() dto: NodeCreateDto): Promise<NodeResponseDto> {
    return this.service.createNode(principal, dto);
  }

  @Public()
  @Get('nodes')
  @ApiOperation({ summary: "A county's nodes (public: buyers choose their village point)" })
  @ApiOkResponse({ type: [NodeResponseDto] })
  searchNodes(@Query() query: NodeSearchDto): Promise<NodeResponseDto[]> {
    return this.service.searchNodes(query);
  }

  @Public()
  @Get('nodes/:id')
  @ApiOperation({ summary: 'One node' })
  @ApiOkResponse({ type: NodeResponseDto })
  getNode(@Param('id', uuid) id: string): Promise<NodeResponseDto> {
    return this.service.getNode(id);
  }

  @Patch('nodes/:id')
  @ApiOperation({ summary: 'County staff change a node (hours, operator, shelves, cold storage…)' })
  @ApiOkResponse({ type: NodeResponseDto })
  updateNode(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: NodeUpdateDto,
  ): Promise<NodeResponseDto> {
    return this.service.updateNode(principal, id, dto);
  }

  @Post('vehicles')
  @ApiOperation({ summary: 'County staff register a vehicle: capacity in kg and litres, refrigerated or not' })
  @ApiCreatedResponse({ type: VehicleResponseDto })
  createVehicle(@CurrentPrincipal() principal: Principal, @Body() dto: VehicleCreateDto): Promise<VehicleResponseDto> {
    return this.service.createVehicle(principal, dto);
  }

  @Get('vehicles')
  @ApiOperation({ summary: "A county's vehicles (its county staff, operators of its nodes, platform admins)" })
  @ApiOkResponse({ type: [VehicleResponseDto] })
  listVehicles(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CountyQueryDto,
  ): Promise<VehicleResponseDto[]> {
    return this.service.listVehicles(principal, query.countyCode);
  }

  @Patch('vehicles/:id')
  @ApiOperation({ summary: 'County staff change a vehicle' })
  @ApiOkResponse({ type: VehicleResponseDto })
  updateVehicle(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: VehicleUpdateDto,
  ): Promise<VehicleResponseDto> {
    return this.service.updateVehicle(principal, id, dto);
  }

  @Put('vehicles/:id/driver')
  @ApiOperation({
    summary:
      "County staff assign the vehicle's driver (a member of the hub's organisation in the role driver), or none",
  })
  @ApiOkResponse({ type: VehicleResponseDto })
  assignDriver(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: VehicleDriverUpdateDto,
  ): Promise<VehicleResponseDto> {
    return this.service.assignDriver(principal, id, dto.driverUserId);
  }

  @Post('routes')
  @ApiOperation({ summary: 'County staff say which vehicle serves which towns and villages on which weekdays' })
  @ApiCreatedResponse({ type: RouteResponseDto })
  createRoute(@CurrentPrincipal() principal: Principal, @Body() dto: RouteCreateDto): Promise<RouteResponseDto> {
    return this.service.createRoute(principal, dto);
  }

  @Get('routes')
  @ApiOperation({
    summary: "A county's routes and bus timetables (its county staff, operators of its nodes, platform admins)",
  })
  @ApiOkResponse({ type: [RouteResponseDto] })
  listRoutes(@CurrentPrincipal() principal: Principal, @Query() query: CountyQueryDto): Promise<RouteResponseDto[]> {
    return this.service.listRoutes(principal, query.countyCode);
  }

  @Delete('routes/:id')
  @ApiOperation({ summary: 'County staff retire a route' })
  @ApiOkResponse({ type: RouteResponseDto })
  deactivateRoute(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<RouteResponseDto> {
    return this.service.deactivateRoute(principal, id);
  }

  @Get('counties/:countyCode/settings')
  @ApiOperation({
    summary:
      "A county's logistics rules: retention, reminders, pickup lock policy (its county staff, operators of its nodes, platform admins)",
  })
  @ApiOkResponse({ type: CountySettingsResponseDto })
  getSettings(
    @CurrentPrincipal() principal: Principal,
    @Param() params: CountyParamDto,
  ): Promise<CountySettingsResponseDto> {
    return this.service.getSettings(principal, params.countyCode);
  }

  @Put('counties/:countyCode/settings')
  @ApiOperation({ summary: "County staff change their county's logistics rules" })
  @ApiOkResponse({ type: CountySettingsResponseDto })
  updateSettings(
    @CurrentPrincipal() principal: Principal,
    @Param() params: CountyParamDto,
    @Body() dto: CountySettingsUpdateDto,
  ): Promise<CountySettingsResponseDto> {
    return this.service.updateSettings(principal, params.countyCode, dto);
  }
}

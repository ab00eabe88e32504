import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  createNode(@CurrentPrincipal() principal: Principal, @Body() dto: NodeCreateDto): Promise<NodeResponseDto> {
    return this.service.createNode(principal, dto);
  }

  @Public()
  @Get('nodes')
  @ApiOperation({ summary: "A county's nodes (public: buyers choose their village point)" })
  searchNodes(@Query() query: NodeSearchDto): Promise<NodeResponseDto[]> {
    return this.service.searchNodes(query);
  }

  @Public()
  @Get('nodes/:id')
  @ApiOperation({ summary: 'One node' })
  getNode(@Param('id', uuid) id: string): Promise<NodeResponseDto> {
    return this.service.getNode(id);
  }

  @Patch('nodes/:id')
  @ApiOperation({ summary: 'County staff change a node (hours, operator, shelves, cold storage…)' })
  updateNode(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: NodeUpdateDto,
  ): Promise<NodeResponseDto> {
    return this.service.updateNode(principal, id, dto);
  }

  @Post('vehicles')
  @ApiOperation({ summary: 'County staff register a vehicle: capacity in kg and litres, refrigerated or not' })
  createVehicle(@CurrentPrincipal() principal: Principal, @Body() dto: VehicleCreateDto): Promise<VehicleResponseDto> {
    return this.service.createVehicle(principal, dto);
  }

  @Get('vehicles')
  @ApiOperation({ summary: "A county's vehicles (its county staff, operators of its nodes, platform admins)" })
  listVehicles(
    @CurrentPrincipal() principal: Principal,
    @Query() query: CountyQueryDto,
  ): Promise<VehicleResponseDto[]> {
    return this.service.listVehicles(principal, query.countyCode);
  }

  @Patch('vehicles/:id')
  @ApiOperation({ summary: 'County staff change a vehicle' })
  updateVehicle(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: VehicleUpdateDto,
  ): Promise<VehicleResponseDto> {
    return this.service.updateVehicle(principal, id, dto);
  }

  @Post('routes')
  @ApiOperation({ summary: 'County staff say which vehicle serves which towns and villages on which weekdays' })
  createRoute(@CurrentPrincipal() principal: Principal, @Body() dto: RouteCreateDto): Promise<RouteResponseDto> {
    return this.service.createRoute(principal, dto);
  }

  @Get('routes')
  @ApiOperation({
    summary: "A county's routes and bus timetables (its county staff, operators of its nodes, platform admins)",
  })
  listRoutes(@CurrentPrincipal() principal: Principal, @Query() query: CountyQueryDto): Promise<RouteResponseDto[]> {
    return this.service.listRoutes(principal, query.countyCode);
  }

  @Delete('routes/:id')
  @ApiOperation({ summary: 'County staff retire a route' })
  deactivateRoute(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<RouteResponseDto> {
    return this.service.deactivateRoute(principal, id);
  }

  @Get('counties/:countyCode/settings')
  @ApiOperation({
    summary:
      "A county's logistics rules: retention, reminders, pickup lock policy (its county staff, operators of its nodes, platform admins)",
  })
  getSettings(
    @CurrentPrincipal() principal: Principal,
    @Param() params: CountyParamDto,
  ): Promise<CountySettingsResponseDto> {
    return this.service.getSettings(principal, params.countyCode);
  }

  @Put('counties/:countyCode/settings')
  @ApiOperation({ summary: "County staff change their county's logistics rules" })
  updateSettings(
    @CurrentPrincipal() principal: Principal,
    @Param() params: CountyParamDto,
    @Body() dto: CountySettingsUpdateDto,
  ): Promise<CountySettingsResponseDto> {
    return this.service.updateSettings(principal, params.countyCode, dto);
  }
}

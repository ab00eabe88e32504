import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CarrierHandoverResponseDto, NodeCarrierHandoverCreateDto } from '../carrier/carrier.dto';
import { CarrierService } from '../carrier/carrier.service';
import { ApiIdempotencyKey, Idempotency, IdempotencyContext } from '../common/idempotency';
import { ArrivalResponseDto, DateQueryDto } from '../point/point.dto';
import { PointService } from '../point/point.service';
import {
  ExceptionCreateDto,
  ExceptionResolveDto,
  NodeArrivalCreateDto,
  NodeExceptionDto,
  WorkplacesResponseDto,
  WorkspaceResponseDto,
} from './node.dto';
import { NodeService } from './node.service';

const uuid = new ParseUUIDPipe();

@ApiTags('node workspaces')
@ApiBearerAuth()
@Controller()
export class NodeController {
  constructor(
    private readonly service: NodeService,
    private readonly points: PointService,
    private readonly carrier: CarrierService,
  ) {}

  @Get('me/workplaces')
  @ApiOperation({
    summary:
      'Where the caller works: the nodes their organisations run (any level, hub first) and the vehicles they drive',
  })
  @ApiOkResponse({ type: WorkplacesResponseDto })
  workplaces(@CurrentPrincipal() principal: Principal): Promise<WorkplacesResponseDto> {
    return this.service.workplaces(principal);
  }

  @Get('nodes/:nodeId/workspace')
  @ApiOperation({
    summary:
      "A node's workspace (hub, town station, village point): at the node now, due in, must go out, exceptions, the day",
  })
  @ApiOkResponse({ type: WorkspaceResponseDto })
  workspace(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Query() query: DateQueryDto,
  ): Promise<WorkspaceResponseDto> {
    return this.service.workspace(principal, nodeId, query.date);
  }

  @Post('nodes/:nodeId/arrivals')
  @ApiOperation({
    summary:
      'Scan a parcel in at any node (from a run, a village point, the carrier, a seller in town); at its own village ' +
      'point it is shelved with a pickup code',
  })
  @ApiCreatedResponse({ type: ArrivalResponseDto })
  @ApiIdempotencyKey()
  arrive(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: NodeArrivalCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<ArrivalResponseDto> {
    return this.points.arrive(principal, nodeId, dto, idempotency);
  }

  @Post('nodes/:nodeId/exceptions')
  @ApiOperation({ summary: 'Record an exception for a parcel at the node: damaged, missing, over-weight, refused' })
  @ApiCreatedResponse({ type: NodeExceptionDto })
  @ApiIdempotencyKey()
  recordException(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: ExceptionCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<NodeExceptionDto> {
    return this.service.recordException(principal, nodeId, dto, idempotency);
  }

  @Post('nodes/:nodeId/exceptions/:exceptionId/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an exception recorded at the node' })
  @ApiOkResponse({ type: NodeExceptionDto })
  resolveException(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Param('exceptionId', uuid) exceptionId: string,
    @Body() dto: ExceptionResolveDto,
  ): Promise<NodeExceptionDto> {
    return this.service.resolveException(principal, nodeId, exceptionId, dto);
  }

  @Post('nodes/:nodeId/carrier-handovers')
  @ApiOperation({
    summary:
      'At the county hub: hand a city-bound parcel (by its code) to the express carrier, with the number on its waybill',
  })
  @ApiCreatedResponse({ type: CarrierHandoverResponseDto })
  @ApiIdempotencyKey()
  carrierHandover(
    @CurrentPrincipal() principal: Principal,
    @Param('nodeId', uuid) nodeId: string,
    @Body() dto: NodeCarrierHandoverCreateDto,
    @Idempotency() idempotency?: IdempotencyContext,
  ): Promise<CarrierHandoverResponseDto> {
    return this.carrier.handOver(
      principal,
      dto,
      { nodeId, temperatureC: dto.temperatureC, waybillNo: dto.waybillNo },
      idempotency,
    );
  }
}

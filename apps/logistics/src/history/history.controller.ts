import { Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryShipmentImportDto, HistoryShipmentImportResponseDto, MAX_HISTORY_SHIPMENTS } from './history.dto';
import { HistoryService } from './history.service';

@ApiTags('history')
@ApiBearerAuth()
@Controller()
export class HistoryController {
  constructor(private readonly service: HistoryService) {}

  @Post('history/shipments')
  @HttpCode(200)
  @Roles(MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary: 'Platform admins: import delivered shipments of the past in bulk (idempotent by the ids given)',
    description:
      `Up to ${MAX_HISTORY_SHIPMENTS} delivered shipments, each with the node codes of its path (nodes of its ` +
      'county), its scans in order of time (a reading taken with a scan becomes a cold-chain reading, an excursion ' +
      'when outside the range), its receipt and the consent given at checkout. Each keeps the id the caller gives; ' +
      'a shipment already there is skipped, so a second import writes nothing. One transaction per request. The ' +
      'past is settled: no events are published. Used by the demo seed for the county dashboard.',
  })
  @ApiOkResponse({ type: HistoryShipmentImportResponseDto })
  importShipments(@Body() dto: HistoryShipmentImportDto): Promise<HistoryShipmentImportResponseDto> {
    return this.service.importShipments(dto);
  }
}

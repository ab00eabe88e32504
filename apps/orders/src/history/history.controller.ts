import { Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistoryImportResponseDto, HistoryOrderImportDto, MAX_HISTORY_ORDERS } from './history.dto';
import { HistoryService } from './history.service';

@ApiTags('history')
@ApiBearerAuth()
@Controller()
export class HistoryController {
  constructor(private readonly service: HistoryService) {}

  @Post('history/orders')
  @HttpCode(200)
  @Roles(MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary: 'Platform admins: import completed orders of the past in bulk (idempotent by the ids given)',
    description:
      `Up to ${MAX_HISTORY_ORDERS} completed orders with their lines, states (a path of the order state machine ` +
      'from placed to completed, all in the past) and payment (online: the provider and its ids; cash: who took ' +
      'it). Each order keeps the id, group id and shipment id the caller gives; an order already there is skipped, ' +
      'so a second import of the same orders writes nothing. Written in one transaction per request. The past is ' +
      'settled: no events are published, nothing is posted to the ledger, and the receipt counts as confirmed at ' +
      'delivery. Used by the demo seed for the county dashboard.',
  })
  @ApiOkResponse({ type: HistoryImportResponseDto })
  importOrders(@Body() dto: HistoryOrderImportDto): Promise<HistoryImportResponseDto> {
    return this.service.importOrders(dto);
  }
}

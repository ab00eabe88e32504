import { Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HistorySaleImportDto, HistorySaleImportResponseDto, MAX_HISTORY_SALES } from './history.dto';
import { HistoryService } from './history.service';

@ApiTags('history')
@ApiBearerAuth()
@Controller()
export class HistoryController {
  constructor(private readonly service: HistoryService) {}

  @Post('history/sales')
  @HttpCode(200)
  @Roles(MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary: 'Platform admins: import the sales of past orders in bulk (idempotent by order id)',
    description:
      `Up to ${MAX_HISTORY_SALES} paid orders of the past (the same ids as orders' \`POST /history/orders\`), with ` +
      "their lines (SKU, quantity, price). Each line counts as stock taken in and sold at once, so the SKU's " +
      '"sold" figure — and the listing\'s `salesCount` on cards, the listing page and the seller centre — includes ' +
      'the past. An order already known to catalog (imported before, or seen through its events) is skipped. Every ' +
      "SKU must belong to the order's seller (422 `history-unknown-sku`). One transaction per request; no events.",
  })
  @ApiOkResponse({ type: HistorySaleImportResponseDto })
  importSales(@Body() dto: HistorySaleImportDto): Promise<HistorySaleImportResponseDto> {
    return this.service.importSales(dto);
  }
}

import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkuStockResponseDto, StockAdjustmentDto, StockQueryDto } from './stock.dto';
import { StockService } from './stock.service';

const uuid = new ParseUUIDPipe();

@ApiTags('stock')
@ApiBearerAuth()
@Controller('skus/:skuId')
export class StockController {
  constructor(private readonly service: StockService) {}

  @Get('stock')
  @ApiOperation({ summary: "A SKU's stock figures and ledger (the seller's members, county staff)" })
  @ApiOkResponse({ type: SkuStockResponseDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('skuId', uuid) skuId: string,
    @Query() query: StockQueryDto,
  ): Promise<SkuStockResponseDto> {
    return this.service.get(principal, skuId, query.limit);
  }

  @Post('stock-adjustments')
  @ApiOperation({ summary: 'Add or take away units with a reason; one ledger row; never below zero (409)' })
  @ApiCreatedResponse({ type: SkuStockResponseDto })
  adjust(
    @CurrentPrincipal() principal: Principal,
    @Param('skuId', uuid) skuId: string,
    @Body() dto: StockAdjustmentDto,
  ): Promise<SkuStockResponseDto> {
    return this.service.adjust(principal, skuId, dto);
  }
}

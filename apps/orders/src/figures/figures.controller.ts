import { CurrentPrincipal, Principal, Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CountyFiguresParamDto, FiguresQueryDto, OrderFiguresResponseDto } from './figures.dto';
import { FiguresService } from './figures.service';

@ApiTags('county figures')
@ApiBearerAuth()
@Controller()
export class FiguresController {
  constructor(private readonly service: FiguresService) {}

  @Get('counties/:countyCode/figures')
  @Roles(MembershipRole.CountyStaff, MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary: "A county's paid orders and GMV per day, produce up vs goods down, against last year and its target",
    description:
      'County staff of the county and platform admins (403 `not-county-staff` for staff of another county). ' +
      '**What is counted:** orders sold by sellers of the county (`countyCode` is the seller’s county) that were ' +
      'paid — online (the provider’s payment was applied: `paid_at`) or in cash at the service point (the operator ' +
      'confirmed the cash: `cash_received_at`) — on the China Standard Time day of that payment. Orders never paid ' +
      '(placed, rejected, awaiting payment, cancelled or expired unpaid, cash orders not collected) are not counted. ' +
      'A paid order stays counted whatever happens later (cancelled after payment, returned, refunded): **GMV is ' +
      'gross**, the sum of the orders’ totals at catalog’s price, with no refunds deducted. **Direction** is the ' +
      'order’s: `up` = produce going to the cities, `down` = goods going to the villages (the listing’s direction, ' +
      'stored on each order at checkout). `lastYear` is the same calendar days one year earlier (29 February → 28 ' +
      'February); `growth` = (this period − last year) ÷ last year, null when last year had none; `target` compares ' +
      'the GMV growth of both directions with the county’s yearly growth target (county setting `growthTargetBp`, ' +
      'default 30 %). `from` and `to` are inclusive days (YYYY-MM-DD), at most 400 days apart: 400 ' +
      '`validation-failed` or `invalid-period` otherwise.',
  })
  @ApiOkResponse({ type: OrderFiguresResponseDto })
  county(
    @CurrentPrincipal() principal: Principal,
    @Param() params: CountyFiguresParamDto,
    @Query() query: FiguresQueryDto,
  ): Promise<OrderFiguresResponseDto> {
    return this.service.county(principal, params.countyCode, query);
  }
}

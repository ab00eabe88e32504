import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CashBookQueryDto,
  CashBookResponseDto,
  CashHandoverCreateDto,
  CashHandoverResponseDto,
  CountyCashBooksResponseDto,
} from './cash-book.dto';
import { CashBookService } from './cash-book.service';

const uuid = new ParseUUIDPipe();

@ApiTags('cash book')
@ApiBearerAuth()
@Controller()
export class CashBookController {
  constructor(private readonly service: CashBookService) {}

  @Get('service-points/:orgId/cash-book')
  @ApiOperation({
    summary: "A service point's cash book for a day: taken, refunded in cash, handed over, held (from the ledger)",
    description: 'The point’s owners and operators, county staff of its county, platform admins.',
  })
  @ApiOkResponse({ type: CashBookResponseDto })
  book(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Query() query: CashBookQueryDto,
  ): Promise<CashBookResponseDto> {
    return this.service.book(principal, orgId, query);
  }

  @Post('service-points/:orgId/cash-handovers')
  @ApiOperation({ summary: 'The point declares cash handed to the county office (422 more than it holds)' })
  @ApiOkResponse({ type: CashHandoverResponseDto })
  declare(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Body() dto: CashHandoverCreateDto,
  ): Promise<CashHandoverResponseDto> {
    return this.service.declareHandover(principal, orgId, dto);
  }

  @Post('cash-handovers/:id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'County staff counted a hand-over: posted from the point’s cash to the county’s (once)' })
  @ApiOkResponse({ type: CashHandoverResponseDto })
  confirm(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<CashHandoverResponseDto> {
    return this.service.confirmHandover(principal, id);
  }

  @Post('refunds/:id/cash-paid')
  @HttpCode(200)
  @ApiOperation({ summary: "The collecting point's operator paid a cash order's refund in cash (once; 409 after)" })
  @ApiOkResponse({ type: CashBookResponseDto })
  cashPaid(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<CashBookResponseDto> {
    return this.service.payRefundInCash(principal, id);
  }

  @Get('counties/:countyCode/cash-books')
  @ApiOperation({ summary: "County staff reconcile the points' cash books for a day and see hand-overs to count" })
  @ApiOkResponse({ type: CountyCashBooksResponseDto })
  county(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
    @Query() query: CashBookQueryDto,
  ): Promise<CountyCashBooksResponseDto> {
    return this.service.county(principal, countyCode, query);
  }
}

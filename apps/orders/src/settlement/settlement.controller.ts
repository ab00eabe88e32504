import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  CountySettlementResponseDto,
  ExportQueryDto,
  LedgerAccountResponseDto,
  PayeeAccountResponseDto,
  PayeeAccountUpdateDto,
  StatementCloseDto,
  StatementDetailResponseDto,
  StatementResponseDto,
} from './settlement.dto';
import { SettlementService } from './settlement.service';

const uuid = new ParseUUIDPipe();

@ApiTags('settlement')
@ApiBearerAuth()
@Controller()
export class SettlementController {
  constructor(private readonly service: SettlementService) {}

  @Get('organisations/:orgId/payee-account')
  @ApiOperation({ summary: 'Where a seller or service point is paid (its owners); 404 `no-payee-account` until set' })
  @ApiOkResponse({ type: PayeeAccountResponseDto })
  payee(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
  ): Promise<PayeeAccountResponseDto> {
    return this.service.payee(principal, orgId);
  }

  @Put('organisations/:orgId/payee-account')
  @ApiOperation({ summary: 'Its owners say where a seller or service point is paid (WeChat Pay or Alipay account)' })
  @ApiOkResponse({ type: PayeeAccountResponseDto })
  setPayee(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
    @Body() dto: PayeeAccountUpdateDto,
  ): Promise<PayeeAccountResponseDto> {
    return this.service.setPayee(principal, orgId, dto);
  }

  @Get('organisations/:orgId/statements')
  @ApiOperation({ summary: "A seller's or service point's statements, newest first (its owners, staff, operators)" })
  @ApiOkResponse({ type: [StatementResponseDto] })
  ofParty(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', uuid) orgId: string,
  ): Promise<StatementResponseDto[]> {
    return this.service.ofParty(principal, orgId);
  }

  @Get('statements/:id')
  @ApiOperation({ summary: 'A statement with its lines (the party, county staff of its county, platform admins)' })
  @ApiOkResponse({ type: StatementDetailResponseDto })
  detail(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StatementDetailResponseDto> {
    return this.service.detail(principal, id);
  }

  @Get('statements/:id/export')
  @ApiOperation({ summary: 'A statement as CSV (UTF-8 with BOM) or Excel (xlsx); same readers as the statement' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.service.export(principal, id, query.format);
    void reply.header('content-type', file.contentType);
    void reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    return file.body;
  }

  @Post('statements/:id/payout-retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'County staff pay a statement again after the provider refused its payout (409 otherwise)' })
  @ApiOkResponse({ type: StatementResponseDto })
  retryPayout(@CurrentPrincipal() principal: Principal, @Param('id', uuid) id: string): Promise<StatementResponseDto> {
    return this.service.retryPayout(principal, id);
  }

  @Post('counties/:countyCode/statements')
  @HttpCode(200)
  @ApiOperation({
    summary: 'County staff settle a period: a statement per seller and service point for what is settleable',
    description:
      'Takes every ledger posting to a seller’s or service point’s account not yet in a statement whose order is ' +
      'settleable by the cut-off: receipt confirmed and the claim window past with no claim open, or the order ' +
      'ended (cancelled, refunded). A statement with a positive net gets one payout.',
  })
  @ApiOkResponse({ type: [StatementResponseDto] })
  close(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
    @Body() dto: StatementCloseDto,
  ): Promise<StatementResponseDto[]> {
    return this.service.close(principal, countyCode, dto);
  }

  @Get('counties/:countyCode/settlement')
  @ApiOperation({ summary: 'What the county owes, has paid and is failing to pay, with its statements (county staff)' })
  @ApiOkResponse({ type: CountySettlementResponseDto })
  county(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
  ): Promise<CountySettlementResponseDto> {
    return this.service.county(principal, countyCode);
  }

  @Get('counties/:countyCode/ledger')
  @ApiOperation({ summary: "The county ledger's account balances, recomputed from every posting (county staff)" })
  @ApiOkResponse({ type: [LedgerAccountResponseDto] })
  ledger(
    @CurrentPrincipal() principal: Principal,
    @Param('countyCode', CountyCodePipe) countyCode: string,
  ): Promise<LedgerAccountResponseDto[]> {
    return this.service.ledgerOf(principal, countyCode);
  }
}

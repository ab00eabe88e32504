import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommissionSummaryResponseDto } from './commission.dto';
import { CommissionService } from './commission.service';

@ApiTags('assisted orders')
@ApiBearerAuth()
@Controller('service-points/:orgId/commissions')
export class CommissionController {
  constructor(private readonly service: CommissionService) {}

  @Get()
  @ApiOperation({ summary: "A service point's commission for assisted orders (its owners and operators)" })
  @ApiOkResponse({ type: CommissionSummaryResponseDto })
  summary(
    @CurrentPrincipal() principal: Principal,
    @Param('orgId', new ParseUUIDPipe()) orgId: string,
  ): Promise<CommissionSummaryResponseDto> {
    return this.service.summary(principal, orgId);
  }
}

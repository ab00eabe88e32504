import { CurrentPrincipal, Principal, Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StatisticsQueryDto, StatisticsResponseDto } from './statistics.dto';
import { StatisticsService } from './statistics.service';

@ApiTags('county figures')
@ApiBearerAuth()
@Controller()
export class StatisticsController {
  constructor(private readonly service: StatisticsService) {}

  @Get('statistics')
  @Roles(MembershipRole.CountyStaff, MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary:
      'Paid orders and gross GMV by day, county, seller, town and category, and claims (the export’s orders part)',
    description:
      'Counted as GET /counties/{countyCode}/figures counts them (paid online or cash taken, China-time day of ' +
      'payment, gross GMV). County staff of the county; platform admins, also without countyCode for every county ' +
      '(400 county-required for anyone else). By category: goods value of the lines, freight excluded.',
  })
  @ApiOkResponse({ type: StatisticsResponseDto })
  get(@CurrentPrincipal() principal: Principal, @Query() query: StatisticsQueryDto): Promise<StatisticsResponseDto> {
    return this.service.get(principal, query);
  }
}

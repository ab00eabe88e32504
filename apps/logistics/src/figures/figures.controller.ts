import { CurrentPrincipal, Principal, Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CountyFiguresParamDto, FiguresQueryDto, LogisticsFiguresResponseDto } from './figures.dto';
import { FiguresService } from './figures.service';

@ApiTags('county figures')
@ApiBearerAuth()
@Controller()
export class FiguresController {
  constructor(private readonly service: FiguresService) {}

  @Get('counties/:countyCode/figures')
  @Roles(MembershipRole.CountyStaff, MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary: "A county's network figures: parcels by node, first-kilometre volume, cold-chain excursions, overdue now",
    description:
      'County staff of the county and platform admins (403 `not-county-staff` for staff of another county). ' +
      'Days are China Standard Time; `from` and `to` are inclusive (YYYY-MM-DD), at most 400 days apart (400 ' +
      '`validation-failed` or `invalid-period` otherwise). **What is counted**, from the scans recorded at the ' +
      'county’s nodes in the period: `nodes` — per town station and village point, parcels scanned in (`arrived`; ' +
      'at a village point every arrival is a parcel shelved with a pickup code: `shelved`), `collected` by the ' +
      'recipient or their agent, `returned` (taken off the shelf uncollected at the deadline, going back to the ' +
      'sender) and produce `handedIn`; `firstKilometre` — per day, produce handed in at the county’s village points ' +
      'and its weight on the point’s scale; `excursions` — per day, temperature readings outside the range of ' +
      'parcels sold by the county’s sellers, and how many parcels they concern; `current` — parcels on the shelves ' +
      'of the county’s village points now, and how many are past their collect-by time (overdue).',
  })
  @ApiOkResponse({ type: LogisticsFiguresResponseDto })
  county(
    @CurrentPrincipal() principal: Principal,
    @Param() params: CountyFiguresParamDto,
    @Query() query: FiguresQueryDto,
  ): Promise<LogisticsFiguresResponseDto> {
    return this.service.county(principal, params.countyCode, query);
  }
}

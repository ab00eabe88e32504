import { CurrentPrincipal, Principal, Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RetentionService, SweepReportDto } from './retention.service';

@ApiTags('admin: sweeps')
@ApiBearerAuth()
@Controller('admin/sweeps')
export class RetentionController {
  constructor(private readonly service: RetentionService) {}

  @Post('retention')
  @HttpCode(200)
  @Roles(MembershipRole.PlatformAdmin)
  @ApiOperation({
    summary:
      'Platform admins: run the platform-wide retention sweep now (reminders, returns, simulated carrier, pending carrier subscriptions); it also runs every minute',
  })
  @ApiOkResponse({ type: SweepReportDto })
  sweep(@CurrentPrincipal() _principal: Principal): Promise<SweepReportDto> {
    return this.service.sweep();
  }
}

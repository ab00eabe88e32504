import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationResponseDto, NotificationSearchDto } from './notification.dto';
import { NotificationService } from './notification.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationController {
  constructor(private readonly service: NotificationService) {}

  @Get()
  @ApiOperation({ summary: 'Messages sent to recipients (the development channel keeps them here)' })
  @ApiOkResponse({ type: [NotificationResponseDto] })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: NotificationSearchDto,
  ): Promise<NotificationResponseDto[]> {
    return this.service.list(principal, query);
  }
}

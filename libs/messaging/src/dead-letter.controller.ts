import { Roles } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { DeadLetterService } from './dead-letter.service';
import { DeadLetter, DeadLetterStatus } from './messaging.entities';

export class DeadLetterSearchDto {
  @ApiPropertyOptional({ enum: DeadLetterStatus })
  @IsOptional()
  @IsEnum(DeadLetterStatus)
  status?: DeadLetterStatus;
}

export class DeadLetterResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'the last error the handler threw' }) error: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ enum: DeadLetterStatus }) status: DeadLetterStatus;
  @ApiProperty() replayCount: number;
  @ApiProperty() failedAt: string;
  @ApiPropertyOptional({ nullable: true, type: String }) replayedAt: string | null;
  @ApiProperty({ description: 'the event as it was delivered', type: Object }) envelope: unknown;
}

export const mapDeadLetter = (letter: DeadLetter): DeadLetterResponseDto => ({
  id: letter.id,
  eventId: letter.eventId,
  name: letter.name,
  error: letter.error,
  attempts: letter.attempts,
  status: letter.status,
  replayCount: letter.replayCount,
  failedAt: letter.failedAt.toISOString(),
  replayedAt: letter.replayedAt?.toISOString() ?? null,
  envelope: letter.envelope,
});

@ApiTags('admin: dead letters')
@ApiBearerAuth()
@Roles(MembershipRole.PlatformAdmin)
@Controller('admin/dead-letters')
export class DeadLetterController {
  constructor(private readonly service: DeadLetterService) {}

  @Get()
  @ApiOperation({ summary: 'Events whose handler in this service failed on every attempt (platform admins)' })
  async list(@Query() query: DeadLetterSearchDto): Promise<DeadLetterResponseDto[]> {
    return (await this.service.list(query.status)).map(mapDeadLetter);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({ summary: 'Put a dead-lettered event back on the inbox queue for another round of attempts' })
  async replay(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeadLetterResponseDto> {
    return mapDeadLetter(await this.service.replay(id));
  }
}

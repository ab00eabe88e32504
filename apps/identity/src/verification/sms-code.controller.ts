import { Public } from '@countyflow/auth';
import { DevSmsOutbox } from '@countyflow/kernel';
import { Body, Controller, Get, HttpCode, Ip, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DevSmsResponseDto, DevSmsSearchDto, SmsCodeRequestDto, SmsCodeSentDto } from './sms-code.dto';
import { SmsCodeService } from './sms-code.service';

@ApiTags('auth')
@Controller('auth')
export class SmsCodeController {
  constructor(private readonly service: SmsCodeService) {}

  @Public()
  @Post('sms-codes')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Send a six-digit code by SMS to register or to reset a forgotten password (limited per phone and per IP; ' +
      'a reset for a phone without an account gets the same answer and no SMS)',
  })
  @ApiAcceptedResponse({ type: SmsCodeSentDto })
  request(@Body() dto: SmsCodeRequestDto, @Ip() ip: string): Promise<SmsCodeSentDto> {
    return this.service.request(dto, ip);
  }
}

/** Development only: mounted when SMS_PROVIDER=dev, which production refuses. */
@ApiTags('development')
@Controller('dev/sms')
export class DevSmsController {
  constructor(private readonly outbox: DevSmsOutbox) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Development only: the SMS messages the platform sent, newest first (no real SMS)' })
  @ApiOkResponse({ type: [DevSmsResponseDto] })
  list(@Query() query: DevSmsSearchDto): Promise<DevSmsResponseDto[]> {
    return this.outbox.list(query.phone);
  }
}

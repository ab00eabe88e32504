import { DevSmsEntry, SmsTemplate } from '@countyflow/kernel';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { SmsCodePurpose } from './sms-code-state';

export const MOBILE = /^1[3-9]\d{9}$/;
export const MOBILE_MESSAGE = 'phone must be a mainland China mobile number (11 digits starting 13–19)';
export const SMS_CODE = /^\d{6}$/;

export class SmsCodeRequestDto {
  @ApiProperty({ example: '13800138000', description: 'mainland China mobile number, 11 digits' })
  @IsString()
  @Matches(MOBILE, { message: MOBILE_MESSAGE })
  phone: string;

  @ApiProperty({ enum: SmsCodePurpose, description: 'register: a new account; reset_password: a forgotten password' })
  @IsIn(Object.values(SmsCodePurpose))
  purpose: SmsCodePurpose;
}

export class SmsCodeSentDto {
  @ApiProperty({ description: 'seconds the code stays valid' }) expiresInSeconds: number;
  @ApiProperty({ description: 'seconds before another code may be asked for this phone' })
  resendAfterSeconds: number;
}

export class DevSmsSearchDto {
  @ApiPropertyOptional({ example: '13800138000', description: "one phone's messages" })
  @IsOptional()
  @Matches(MOBILE, { message: MOBILE_MESSAGE })
  phone?: string;
}

export class DevSmsResponseDto implements DevSmsEntry {
  @ApiProperty() phone: string;
  @ApiProperty({ enum: SmsTemplate }) template: SmsTemplate;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) params: Record<string, string>;
  @ApiProperty({ description: 'the message as the recipient reads it' }) text: string;
  @ApiProperty() sentAt: string;
}

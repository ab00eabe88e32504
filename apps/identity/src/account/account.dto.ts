import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { MOBILE, MOBILE_MESSAGE, SMS_CODE } from '../verification/sms-code.dto';

const PASSWORD_RULE = /(?=.*[A-Za-z])(?=.*\d)/;
const PASSWORD_MESSAGE = 'password must contain at least one letter and one digit';
const CODE_MESSAGE = 'code must be the 6 digits sent by SMS';

export class RegisterDto {
  @ApiProperty({ example: '13800138000', description: 'mainland China mobile number, 11 digits' })
  @IsString()
  @Matches(MOBILE, { message: MOBILE_MESSAGE })
  phone: string;

  @ApiProperty({ example: 'correct-horse-42', minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  password: string;

  @ApiProperty({
    example: '402718',
    description: 'the code sent by SMS to this phone (POST /auth/sms-codes, purpose register)',
  })
  @IsString()
  @Matches(SMS_CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '王秀英' })
  @IsString()
  @Length(1, 50)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;
}

export class LoginDto {
  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Matches(MOBILE, { message: MOBILE_MESSAGE })
  phone: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password: string;
}

export class PasswordResetDto {
  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Matches(MOBILE, { message: MOBILE_MESSAGE })
  phone: string;

  @ApiProperty({
    example: '402718',
    description: 'the code sent by SMS (POST /auth/sms-codes, purpose reset_password)',
  })
  @IsString()
  @Matches(SMS_CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'new-harvest-43', minLength: 8, maxLength: 128, description: 'the new password' })
  @IsString()
  @Length(8, 128)
  @Matches(PASSWORD_RULE, { message: PASSWORD_MESSAGE })
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'the refresh token from login or the previous refresh; each is good for one use' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer …`' }) accessToken: string;
  @ApiProperty({ description: 'seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'opaque; exchange it at /auth/refresh for a new pair' }) refreshToken: string;
}

export class UserResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() phone: string;
  @ApiProperty() name: string;
  @ApiProperty() createdAt: string;
}

export class MembershipResponseDto {
  @ApiProperty() orgId: string;
  @ApiProperty() orgName: string;
  @ApiProperty({ enum: OrganisationKind }) orgKind: OrganisationKind;
  @ApiProperty() countyCode: string;
  @ApiProperty({ enum: VerificationStatus }) orgStatus: VerificationStatus;
  @ApiProperty({ enum: MembershipRole }) role: MembershipRole;
}

export class MeResponseDto extends UserResponseDto {
  @ApiProperty({ type: [MembershipResponseDto] }) memberships: MembershipResponseDto[];
}

import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches, MaxLength } from 'class-validator';

const MOBILE = /^1[3-9]\d{9}$/;

export class RegisterDto {
  @ApiProperty({ example: '13800138000', description: 'mainland China mobile number, 11 digits' })
  @IsString()
  @Matches(MOBILE, { message: 'phone must be a mainland China mobile number (11 digits starting 13–19)' })
  phone: string;

  @ApiProperty({ example: 'correct-horse-42', minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  @Matches(/(?=.*[A-Za-z])(?=.*\d)/, { message: 'password must contain at least one letter and one digit' })
  password: string;

  @ApiProperty({ example: '王秀英' })
  @IsString()
  @Length(1, 50)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;
}

export class LoginDto {
  @ApiProperty({ example: '13800138000' })
  @IsString()
  @Matches(MOBILE, { message: 'phone must be a mainland China mobile number (11 digits starting 13–19)' })
  phone: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
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

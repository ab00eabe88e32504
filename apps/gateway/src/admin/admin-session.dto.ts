import { ApiProperty } from '@nestjs/swagger';
import { IsJWT, IsString } from 'class-validator';

export class AdminSessionCreateDto {
  @ApiProperty({ description: "a platform admin's access token, from POST /api/identity/auth/login" })
  @IsString()
  @IsJWT()
  accessToken: string;
}

import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  LoginDto,
  MeResponseDto,
  PasswordResetDto,
  RefreshDto,
  RegisterDto,
  TokenResponseDto,
  UserResponseDto,
} from './account.dto';
import { AccountService } from './account.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly service: AccountService) {}

  @Public()
  @Post('register')
  @ApiOperation({
    summary:
      'Create an account with a mainland mobile number and the code sent to it by SMS (rate limited per phone and ' +
      'per IP)',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  register(@Body() dto: RegisterDto, @Ip() ip: string): Promise<UserResponseDto> {
    return this.service.register(dto, ip);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the code sent by SMS (purpose reset_password); logs out every session',
  })
  resetPassword(@Body() dto: PasswordResetDto): Promise<void> {
    return this.service.resetPassword(dto);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: a short-lived access token and a one-use refresh token (rate limited)' })
  @ApiOkResponse({ type: TokenResponseDto })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenResponseDto> {
    return this.service.login(dto, ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; a reused token revokes the session' })
  @ApiOkResponse({ type: TokenResponseDto })
  refresh(@Body() dto: RefreshDto): Promise<TokenResponseDto> {
    return this.service.refresh(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke this session: its refresh token and access tokens stop working everywhere' })
  logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    return this.service.logout(principal);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly service: AccountService) {}

  @Get()
  @ApiOperation({ summary: 'The caller, with their memberships' })
  @ApiOkResponse({ type: MeResponseDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeResponseDto> {
    return this.service.me(principal);
  }
}

import { commonFromEnv, Env, numberFromEnv, portFromEnv, ServiceConfig, validateConfig } from '@countyflow/kernel';
import { IsInt, Min } from 'class-validator';

export class IdentityConfig extends ServiceConfig {
  @IsInt()
  @Min(1)
  refreshTokenTtlDays: number;

  /**
   * Attempts allowed per window; the window is 15 minutes for login, an hour for registration. For login this is
   * failures of one phone from one address; a successful login gives its attempt back.
   */
  @IsInt()
  @Min(1)
  loginLimitPerPhone: number;

  @IsInt()
  @Min(1)
  loginLimitPerIp: number;

  /** Failed logins of one phone from every address together: a high bar, so no one can lock a phone out cheaply. */
  @IsInt()
  @Min(1)
  loginLimitPerPhoneAnyIp: number;

  @IsInt()
  @Min(1)
  registerLimitPerPhone: number;

  @IsInt()
  @Min(1)
  registerLimitPerIp: number;
}

export function loadIdentityConfig(env: Env = process.env, overrides: Partial<IdentityConfig> = {}): IdentityConfig {
  return validateConfig(IdentityConfig, {
    ...commonFromEnv(env),
    port: portFromEnv(env, 'IDENTITY_PORT', 3001),
    refreshTokenTtlDays: numberFromEnv(env.REFRESH_TOKEN_TTL_DAYS, 30),
    loginLimitPerPhone: numberFromEnv(env.LOGIN_LIMIT_PER_PHONE, 10),
    loginLimitPerIp: numberFromEnv(env.LOGIN_LIMIT_PER_IP, 100),
    loginLimitPerPhoneAnyIp: numberFromEnv(env.LOGIN_LIMIT_PER_PHONE_ANY_IP, 500),
    registerLimitPerPhone: numberFromEnv(env.REGISTER_LIMIT_PER_PHONE, 5),
    registerLimitPerIp: numberFromEnv(env.REGISTER_LIMIT_PER_IP, 30),
    ...overrides,
  });
}

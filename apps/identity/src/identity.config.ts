import {
  commonFromEnv,
  Env,
  numberFromEnv,
  portFromEnv,
  ServiceConfig,
  SmsConfig,
  smsConfigProblems,
  smsFromEnv,
  validateConfig,
} from '@countyflow/kernel';
import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateNested } from 'class-validator';

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

  /** Who delivers SMS codes: Alibaba Cloud or Tencent Cloud, or the development outbox (never in production). */
  @ValidateNested()
  @Type(() => SmsConfig)
  sms: SmsConfig;

  /** How long an SMS code is good for. */
  @IsInt()
  @Min(60)
  @Max(3600)
  smsCodeTtlSeconds: number;

  /** Guesses, right or wrong, one code allows. */
  @IsInt()
  @Min(1)
  @Max(10)
  smsCodeMaxAttempts: number;

  /** Seconds between two codes to one phone (0: no interval). */
  @IsInt()
  @Min(0)
  smsCodeIntervalSeconds: number;

  /** Codes per phone per hour. */
  @IsInt()
  @Min(1)
  smsCodeLimitPerPhone: number;

  /** Codes asked from one IP per hour. */
  @IsInt()
  @Min(1)
  smsCodeLimitPerIp: number;
}

export function loadIdentityConfig(env: Env = process.env, overrides: Partial<IdentityConfig> = {}): IdentityConfig {
  const common = commonFromEnv(env);
  const config = validateConfig(IdentityConfig, {
    ...common,
    port: portFromEnv(env, 'IDENTITY_PORT', 3001),
    refreshTokenTtlDays: numberFromEnv(env.REFRESH_TOKEN_TTL_DAYS, 30),
    loginLimitPerPhone: numberFromEnv(env.LOGIN_LIMIT_PER_PHONE, 10),
    loginLimitPerIp: numberFromEnv(env.LOGIN_LIMIT_PER_IP, 100),
    loginLimitPerPhoneAnyIp: numberFromEnv(env.LOGIN_LIMIT_PER_PHONE_ANY_IP, 500),
    registerLimitPerPhone: numberFromEnv(env.REGISTER_LIMIT_PER_PHONE, 5),
    registerLimitPerIp: numberFromEnv(env.REGISTER_LIMIT_PER_IP, 30),
    sms: smsFromEnv(env, String(common.nodeEnv)),
    smsCodeTtlSeconds: numberFromEnv(env.SMS_CODE_TTL_SECONDS, 600),
    smsCodeMaxAttempts: numberFromEnv(env.SMS_CODE_MAX_ATTEMPTS, 5),
    smsCodeIntervalSeconds: numberFromEnv(env.SMS_CODE_INTERVAL_SECONDS, 60),
    smsCodeLimitPerPhone: numberFromEnv(env.SMS_CODE_LIMIT_PER_PHONE, 5),
    smsCodeLimitPerIp: numberFromEnv(env.SMS_CODE_LIMIT_PER_IP, 20),
    ...overrides,
  });
  const problems = smsConfigProblems(config.sms, config.nodeEnv);
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return config;
}

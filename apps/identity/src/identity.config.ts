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
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MOBILE, MOBILE_MESSAGE } from './verification/sms-code.dto';

/** The deployment's first platform admin, whom identity appoints itself at boot (IdentityConfig.platformAdmin). */
export class PlatformAdminConfig {
  @Matches(MOBILE, { message: `PLATFORM_ADMIN_PHONE: ${MOBILE_MESSAGE}` })
  phone: string;

  /** The password of the account when identity has to open it (an existing account keeps its own). */
  @IsString({ message: 'PLATFORM_ADMIN_PASSWORD must be set with PLATFORM_ADMIN_PHONE' })
  @Length(8, 128, { message: 'PLATFORM_ADMIN_PASSWORD must be 8 to 128 characters' })
  @Matches(/(?=.*[A-Za-z])(?=.*\d)/, { message: 'PLATFORM_ADMIN_PASSWORD must contain a letter and a digit' })
  password: string;

  @IsString()
  @Length(1, 64)
  name: string;
}

/** The cost of an argon2id password hash (IdentityConfig.passwordHash). */
export class PasswordHashCost {
  @IsInt()
  @Min(1024)
  @Max(4_194_304)
  memoryKib: number;

  @IsInt()
  @Min(1)
  @Max(20)
  passes: number;

  @IsInt()
  @Min(1)
  @Max(16)
  lanes: number;
}

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

  /**
   * The argon2id cost of a new password hash: memory in KiB, passes and lanes. Production (and development) use
   * argon2's defaults, 64 MiB, 3 passes, 4 lanes, and production refuses less than OWASP's minimum (19 MiB, 2
   * passes). NODE_ENV=test defaults to 1 MiB, 1 pass, 1 lane: the suite registers and logs in hundreds of accounts,
   * and at full cost their hashing alone took minutes of a busy CI machine. A login verifies with the cost stored
   * in the hash, so a change applies to passwords set from then on.
   */
  @ValidateNested()
  @Type(() => PasswordHashCost)
  passwordHash: PasswordHashCost;

  /**
   * PLATFORM_ADMIN_PHONE (with PLATFORM_ADMIN_PASSWORD, and PLATFORM_ADMIN_NAME): while the deployment has no
   * platform admin, identity makes this account (opening it when the phone has none) the platform admin of the
   * platform organisation at boot. There is nobody to appoint the first one; later admins are appointed by an admin
   * through POST /organisations/{id}/members. Unset: identity appoints nobody.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => PlatformAdminConfig)
  platformAdmin?: PlatformAdminConfig;
}

/** OWASP's minimum for argon2id (m=19 MiB, t=2, p=1): production refuses a cheaper hash. */
const PRODUCTION_MIN_HASH = { memoryKib: 19_456, passes: 2 };

function passwordHashFromEnv(env: Env, nodeEnv: string): Record<string, unknown> {
  const test = nodeEnv === 'test';
  return {
    memoryKib: numberFromEnv(env.PASSWORD_HASH_MEMORY_KIB, test ? 1024 : 65_536),
    passes: numberFromEnv(env.PASSWORD_HASH_PASSES, test ? 1 : 3),
    lanes: numberFromEnv(env.PASSWORD_HASH_LANES, test ? 1 : 4),
  };
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
    passwordHash: passwordHashFromEnv(env, String(common.nodeEnv)),
    platformAdmin: env.PLATFORM_ADMIN_PHONE
      ? {
          phone: env.PLATFORM_ADMIN_PHONE,
          password: env.PLATFORM_ADMIN_PASSWORD,
          name: env.PLATFORM_ADMIN_NAME ?? '平台管理员',
        }
      : undefined,
    ...overrides,
  });
  const problems = smsConfigProblems(config.sms, config.nodeEnv);
  if (
    config.nodeEnv === 'production' &&
    (config.passwordHash.memoryKib < PRODUCTION_MIN_HASH.memoryKib ||
      config.passwordHash.passes < PRODUCTION_MIN_HASH.passes)
  ) {
    problems.push(
      `PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_PASSES must be at least ${PRODUCTION_MIN_HASH.memoryKib} and ` +
        `${PRODUCTION_MIN_HASH.passes} in production (OWASP's minimum for argon2id)`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return config;
}

import {
  boolFromEnv,
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
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  IsUrl,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { KUAIDI100_POLL_URL } from './carrier/kuaidi100/kuaidi100.protocol';
import { DEFAULT_PLANNER_TIME_BUDGET_MS } from './planner/optimising.planner';
import { DEFAULT_SPEED_KMH } from './planner/planner.types';

export class LogisticsConfig extends ServiceConfig {
  /** Shared with the express carrier: its delivery webhooks are signed with HMAC-SHA256 under this secret. */
  @IsString()
  @MinLength(16, { message: 'CARRIER_WEBHOOK_SECRET must be at least 16 characters' })
  carrierWebhookSecret: string;

  /** A carrier webhook whose timestamp is further than this from now is refused (replay protection). */
  @IsInt()
  @Min(10)
  carrierWebhookToleranceSeconds: number;

  /**
   * The simulated carrier confirms deliveries by itself (the sweep, and `POST /carrier/simulated/{waybillNo}/deliver`).
   * Never in production: there only the real carrier's signed webhook says a parcel was delivered.
   */
  @IsBoolean()
  carrierSimulatorEnabled: boolean;

  /**
   * The express carrier of the city leg: `simulated` (development: it makes up waybill numbers and confirms by
   * itself or by `POST /carrier/simulated/{waybillNo}/deliver`) or `kuaidi100` (the carrier's waybill number is
   * scanned at the hand-over, subscribed to 快递100's push, and the signed push of 签收 is the delivery).
   */
  @IsIn(['simulated', 'kuaidi100'])
  carrier: 'simulated' | 'kuaidi100';

  /** 快递100: the account's 授权 key, the carrier's company code (e.g. zhongtong, shunfeng, ems). */
  @ValidateIf((config: LogisticsConfig) => config.carrier === 'kuaidi100')
  @IsString()
  @MinLength(8, { message: 'KUAIDI100_KEY: the 快递100 account key is required for CARRIER=kuaidi100' })
  kuaidi100Key: string;

  @ValidateIf((config: LogisticsConfig) => config.carrier === 'kuaidi100')
  @IsString()
  @MinLength(2, { message: 'KUAIDI100_COMPANY: the carrier company code is required for CARRIER=kuaidi100' })
  kuaidi100Company: string;

  /** 快递100's subscription URL (a local fake in tests). */
  @ValidateIf((config: LogisticsConfig) => config.carrier === 'kuaidi100')
  @IsUrl({ require_tld: false, require_protocol: true })
  kuaidi100PollUrl: string;

  /** Where 快递100 pushes the track: this service's `POST /carrier/kuaidi100/push` as the internet reaches it. */
  @ValidateIf((config: LogisticsConfig) => config.carrier === 'kuaidi100')
  @IsUrl({ require_tld: false, require_protocol: true })
  kuaidi100CallbackUrl: string;

  /** The salt 快递100 signs each push with (sign = MD5(param + salt)); a secret. */
  @ValidateIf((config: LogisticsConfig) => config.carrier === 'kuaidi100')
  @IsString()
  @MinLength(16, { message: 'KUAIDI100_SALT must be at least 16 characters for CARRIER=kuaidi100' })
  kuaidi100Salt: string;

  /** The simulated carrier confirms delivery this many minutes after it was handed a parcel. */
  @IsInt()
  @Min(0)
  simulatedCarrierDeliveryMinutes: number;

  /** How often the retention sweep (reminders, returns, simulated carrier) runs; 0 turns the timer off. */
  @IsInt()
  @Min(0)
  sweepIntervalMs: number;

  /**
   * `store` keeps notifications in a table the API lists (development and tests); `sms` sends them through the SMS
   * provider (`sms`), which production requires.
   */
  @IsIn(['store', 'sms'])
  notificationChannel: 'store' | 'sms';

  /** Who sends the `sms` channel: Alibaba Cloud, Tencent Cloud, or the development inbox (never in production). */
  @ValidateNested()
  @Type(() => SmsConfig)
  sms: SmsConfig;

  /** The weight tolerance used at first-kilometre weighing when the listing did not set one. */
  @IsInt()
  @Min(0)
  defaultWeightToleranceGrams: number;

  /** Planner limits: the longest single run, and the most a vehicle drives in a day over all its runs. */
  @IsNumber()
  @Min(1)
  maxRunKm: number;

  @IsNumber()
  @Min(1)
  maxVehicleDayKm: number;

  @IsInt()
  @Min(1)
  @Max(200)
  maxStopsPerRun: number;

  /** Minutes a vehicle stands at each stop of a run; counted in a run's duration. */
  @IsNumber()
  @Min(0)
  dwellMinutesPerStop: number;

  /** Longest run in minutes (driving at speedKmh plus the dwell at each stop); 0: unbounded. */
  @IsNumber()
  @Min(0)
  maxRunMinutes: number;

  /** Average speed over county roads, km/h, to turn a run's km into minutes. */
  @IsNumber()
  @Min(1)
  speedKmh: number;

  /** Wall-clock time the optimiser may spend on one day's plan (0: savings only, no optimiser). */
  @IsInt()
  @Min(0)
  @Max(60_000)
  plannerTimeBudgetMs: number;
}

const DEV_CARRIER_SECRET = 'development-only-carrier-webhook-secret';

export function loadLogisticsConfig(env: Env = process.env, overrides: Partial<LogisticsConfig> = {}): LogisticsConfig {
  const common = commonFromEnv(env);
  const production = common.nodeEnv === 'production';
  const config = validateConfig(LogisticsConfig, {
    ...common,
    port: portFromEnv(env, 'LOGISTICS_PORT', 3004),
    carrierWebhookSecret: env.CARRIER_WEBHOOK_SECRET ?? (production ? '' : DEV_CARRIER_SECRET),
    carrierSimulatorEnabled: boolFromEnv(env.CARRIER_SIMULATOR, !production),
    carrierWebhookToleranceSeconds: numberFromEnv(env.CARRIER_WEBHOOK_TOLERANCE_SECONDS, 300),
    carrier: env.CARRIER ?? 'simulated',
    kuaidi100Key: env.KUAIDI100_KEY ?? '',
    kuaidi100Company: env.KUAIDI100_COMPANY ?? '',
    kuaidi100PollUrl: env.KUAIDI100_POLL_URL ?? KUAIDI100_POLL_URL,
    kuaidi100CallbackUrl: env.KUAIDI100_CALLBACK_URL ?? '',
    kuaidi100Salt: env.KUAIDI100_SALT ?? '',
    simulatedCarrierDeliveryMinutes: numberFromEnv(env.SIMULATED_CARRIER_DELIVERY_MINUTES, 120),
    sweepIntervalMs: numberFromEnv(env.LOGISTICS_SWEEP_INTERVAL_MS, 60_000),
    notificationChannel: env.NOTIFICATION_CHANNEL || (production ? 'sms' : 'store'),
    sms: smsFromEnv(env, String(common.nodeEnv)),
    defaultWeightToleranceGrams: numberFromEnv(env.DEFAULT_WEIGHT_TOLERANCE_GRAMS, 200),
    maxRunKm: numberFromEnv(env.PLANNER_MAX_RUN_KM, 300),
    maxVehicleDayKm: numberFromEnv(env.PLANNER_MAX_VEHICLE_DAY_KM, 900),
    maxStopsPerRun: numberFromEnv(env.PLANNER_MAX_STOPS_PER_RUN, 40),
    dwellMinutesPerStop: numberFromEnv(env.PLANNER_DWELL_MINUTES_PER_STOP, 0),
    maxRunMinutes: numberFromEnv(env.PLANNER_MAX_RUN_MINUTES, 0),
    speedKmh: numberFromEnv(env.PLANNER_SPEED_KMH, DEFAULT_SPEED_KMH),
    plannerTimeBudgetMs: numberFromEnv(env.PLANNER_TIME_BUDGET_MS, DEFAULT_PLANNER_TIME_BUDGET_MS),
    ...overrides,
  });
  const problems = config.notificationChannel === 'sms' ? smsConfigProblems(config.sms, config.nodeEnv) : [];
  if (production && config.notificationChannel !== 'sms') {
    problems.push('NOTIFICATION_CHANNEL: production tells people about their parcels by SMS: use sms');
  }
  if (production && config.carrierSimulatorEnabled) {
    problems.push('CARRIER_SIMULATOR: the simulated carrier cannot run in production');
  }
  if (production && config.carrier !== 'kuaidi100') {
    problems.push(
      'CARRIER: production hands parcels to a real express carrier: set CARRIER=kuaidi100 with KUAIDI100_KEY, ' +
        'KUAIDI100_COMPANY, KUAIDI100_CALLBACK_URL and KUAIDI100_SALT',
    );
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return config;
}

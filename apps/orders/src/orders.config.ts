import {
  boolFromEnv,
  commonFromEnv,
  Env,
  numberFromEnv,
  portFromEnv,
  ServiceConfig,
  validateConfig,
} from '@countyflow/kernel';
import { IsBoolean, IsIn, IsInt, IsString, Max, Min, MinLength } from 'class-validator';

const DEV_WEBHOOK_SECRET = 'development-only-payment-webhook-secret';

export class OrdersConfig extends ServiceConfig {
  /** How long an order whose stock is reserved waits for payment before it is cancelled and the stock released. */
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  orderPaymentTimeoutSeconds: number;

  /** How often orders that reached awaiting payment get their delayed expiry job (the outbox-like hand-off). */
  @IsInt()
  @Min(10)
  expiryScheduleIntervalMs: number;

  /** The safety net: how often overdue unpaid orders are expired directly, in case their job was lost. */
  @IsInt()
  @Min(10)
  expirySweepIntervalMs: number;

  /** How often pending refunds are sent to the payment provider (and failed ones retried). */
  @IsInt()
  @Min(10)
  refundIntervalMs: number;

  /** How often claims whose seller (or buyer) did not answer in time are escalated to county staff. */
  @IsInt()
  @Min(10)
  claimSweepIntervalMs: number;

  @IsIn(['simulated'])
  paymentProvider: 'simulated';

  /** Shared with the payment provider: webhooks are HMAC-SHA256 signed with it. */
  @IsString()
  @MinLength(16, { message: 'PAYMENT_WEBHOOK_SECRET must be at least 16 characters' })
  paymentWebhookSecret: string;

  /** A webhook whose signed timestamp is older (or newer) than this is refused as a possible replay. */
  @IsInt()
  @Min(10)
  paymentWebhookToleranceSeconds: number;

  /** Expose POST /payments/simulator/:id/pay, which makes the simulated provider pay (never in production). */
  @IsBoolean()
  paymentSimulatorEnabled: boolean;

  /** County defaults, until the county's staff set their own (county_setting). Commission in basis points. */
  @IsInt()
  @Min(0)
  @Max(5000)
  defaultCommissionRateBp: number;

  @IsInt()
  @Min(1)
  @Max(24 * 30)
  defaultClaimWindowHours: number;

  /** How long a seller (or a buyer facing a counter-offer) has to answer a claim before it escalates. */
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  defaultClaimResponseHours: number;

  @IsBoolean()
  defaultAllowCrossCountyServicePoint: boolean;

  /** Receipt confirms itself this many days after delivery or pickup, until a county sets its own. */
  @IsInt()
  @Min(1)
  @Max(30)
  defaultAutoConfirmDays: number;

  /** The platform's commission on goods (freight excluded), withheld from sellers when an order completes. */
  @IsInt()
  @Min(0)
  @Max(5000)
  platformCommissionRateBp: number;

  /** How often receipts past the county's N days are confirmed. */
  @IsInt()
  @Min(10)
  receiptConfirmSweepIntervalMs: number;

  /** How often due payouts are sent to the payout provider (and unknown ones asked after). */
  @IsInt()
  @Min(10)
  payoutIntervalMs: number;
}

export function loadOrdersConfig(env: Env = process.env, overrides: Partial<OrdersConfig> = {}): OrdersConfig {
  const common = commonFromEnv(env);
  const production = common.nodeEnv === 'production';
  const config = validateConfig(OrdersConfig, {
    ...common,
    port: portFromEnv(env, 'ORDERS_PORT', 3003),
    orderPaymentTimeoutSeconds: numberFromEnv(env.ORDER_PAYMENT_TIMEOUT_SECONDS, 15 * 60),
    expiryScheduleIntervalMs: numberFromEnv(env.ORDER_EXPIRY_SCHEDULE_INTERVAL_MS, 1000),
    expirySweepIntervalMs: numberFromEnv(env.ORDER_EXPIRY_SWEEP_INTERVAL_MS, 60_000),
    refundIntervalMs: numberFromEnv(env.REFUND_INTERVAL_MS, 2000),
    claimSweepIntervalMs: numberFromEnv(env.CLAIM_SWEEP_INTERVAL_MS, 60_000),
    paymentProvider: env.PAYMENT_PROVIDER ?? 'simulated',
    paymentWebhookSecret: env.PAYMENT_WEBHOOK_SECRET ?? (production ? '' : DEV_WEBHOOK_SECRET),
    paymentWebhookToleranceSeconds: numberFromEnv(env.PAYMENT_WEBHOOK_TOLERANCE_SECONDS, 300),
    paymentSimulatorEnabled: boolFromEnv(env.PAYMENT_SIMULATOR, !production),
    defaultCommissionRateBp: numberFromEnv(env.DEFAULT_COMMISSION_RATE_BP, 300),
    defaultClaimWindowHours: numberFromEnv(env.DEFAULT_CLAIM_WINDOW_HOURS, 24),
    defaultClaimResponseHours: numberFromEnv(env.DEFAULT_CLAIM_RESPONSE_HOURS, 48),
    defaultAllowCrossCountyServicePoint: boolFromEnv(env.DEFAULT_ALLOW_CROSS_COUNTY_SERVICE_POINT, false),
    defaultAutoConfirmDays: numberFromEnv(env.DEFAULT_AUTO_CONFIRM_DAYS, 7),
    platformCommissionRateBp: numberFromEnv(env.PLATFORM_COMMISSION_RATE_BP, 0),
    receiptConfirmSweepIntervalMs: numberFromEnv(env.RECEIPT_CONFIRM_SWEEP_INTERVAL_MS, 60_000),
    payoutIntervalMs: numberFromEnv(env.PAYOUT_INTERVAL_MS, 5000),
    ...overrides,
  });
  if (production && config.paymentSimulatorEnabled) {
    throw new Error('Invalid configuration:\n  - PAYMENT_SIMULATOR: the payment simulator cannot run in production');
  }
  return config;
}

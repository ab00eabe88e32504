import {
  boolFromEnv,
  commonFromEnv,
  Env,
  numberFromEnv,
  portFromEnv,
  ServiceConfig,
  validateConfig,
} from '@countyflow/kernel';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Max, Min, MinLength } from 'class-validator';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ALIPAY_DEFAULT_GATEWAY } from './payment/alipay/alipay.client';
import { pem, WECHATPAY_DEFAULT_BASE_URL } from './payment/wechatpay/wechatpay.client';

const DEV_WEBHOOK_SECRET = 'development-only-payment-webhook-secret';

export class OrdersConfig extends ServiceConfig {
  /** How long an order whose stock is reserved waits for payment before it is cancelled and the stock released. */
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  orderPaymentTimeoutSeconds: number;

  /** How often orders awaiting payment past their due time are expired (how late an expiry may be, at most). */
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

  /** How often buying groups past their time are looked for and expired (members refunded). */
  @IsInt()
  @Min(10)
  groupExpirySweepIntervalMs: number;

  /** How often pre-sale orders whose balance (尾款) is overdue are looked for and cancelled (deposit forfeited). */
  @IsInt()
  @Min(10)
  balanceSweepIntervalMs: number;

  /** Who takes the money: a real provider in production, the simulator in development and tests. */
  @IsIn(['simulated', 'wechatpay', 'alipay'])
  paymentProvider: 'simulated' | 'wechatpay' | 'alipay';

  /** WeChat Pay API v3 (when PAYMENT_PROVIDER=wechatpay). PEM keys may be written on one line with \n. */
  @IsOptional() @IsString() wechatpayMchId?: string;
  @IsOptional() @IsString() wechatpayAppId?: string;
  @IsOptional() @IsString() wechatpayMerchantSerialNo?: string;
  @IsOptional() @IsString() wechatpayMerchantPrivateKey?: string;
  @IsOptional() @IsString() wechatpayPlatformPublicKey?: string;
  @IsOptional() @IsString() wechatpayPlatformPublicKeyId?: string;
  @IsOptional()
  @IsString()
  @Length(32, 32, { message: 'WECHATPAY_API_V3_KEY must be 32 characters' })
  wechatpayApiV3Key?: string;
  @IsUrl({ require_tld: false, require_protocol: true })
  wechatpayBaseUrl: string;
  @IsOptional() @IsString() wechatpayTransferSceneId?: string;
  /** JSON array of { info_type, info_content } the transfer scene asks for. */
  @IsString() wechatpayTransferSceneReportInfos: string;

  /** Alipay openapi (when PAYMENT_PROVIDER=alipay). */
  @IsOptional() @IsString() alipayAppId?: string;
  @IsOptional() @IsString() alipayAppPrivateKey?: string;
  @IsOptional() @IsString() alipayPublicKey?: string;
  @IsOptional() @IsString() alipayAppCertSn?: string;
  @IsOptional() @IsString() alipayRootCertSn?: string;
  @IsUrl({ require_tld: false, require_protocol: true })
  alipayGateway: string;

  /** The public https base under which providers reach this service's webhooks (…/payments/webhook/<provider>). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  paymentNotifyBaseUrl?: string;

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

  /**
   * How long a payout round holds a payout it sent before another round may ask after it (a crashed round's payout
   * waits this long, then is queried, never sent blind).
   */
  @IsInt()
  @Min(1)
  payoutLeaseSeconds: number;

  /** How often payments still pending (and refunds the provider still processes) are asked after at the provider. */
  @IsInt()
  @Min(10)
  paymentReconcileIntervalMs: number;

  /** A payment still pending this long after it was created is asked after (its notification may be lost). */
  @IsInt()
  @Min(1)
  paymentQueryAfterSeconds: number;

  /**
   * Counties paid through a merchant of their own instead of the platform's provider (PAYMENT_MERCHANTS); filled by
   * loadOrdersConfig after validation, each with its provider's keys checked.
   */
  paymentMerchants: PaymentMerchant[] = [];
}

/**
 * A county's own merchant at WeChat Pay or Alipay (PAYMENT_MERCHANTS=<name>,…; PAYMENT_MERCHANT_<NAME>_PROVIDER,
 * PAYMENT_MERCHANT_<NAME>_COUNTIES and the provider's keys, each prefixed PAYMENT_MERCHANT_<NAME>_).
 */
export interface PaymentMerchant {
  /** Lower case: the provider's name is `<provider>:<name>` and notifications come to /payments/webhook/<provider>/<name>. */
  name: string;
  provider: 'wechatpay' | 'alipay';
  counties: string[];
  /** The service's configuration with this merchant's keys in place of the platform provider's. */
  settings: OrdersConfig;
}

/** Every provider setting a merchant has, and its environment key (read with the merchant's prefix). */
const MERCHANT_KEYS: [keyof OrdersConfig, string][] = [
  ['wechatpayMchId', 'WECHATPAY_MCH_ID'],
  ['wechatpayAppId', 'WECHATPAY_APP_ID'],
  ['wechatpayMerchantSerialNo', 'WECHATPAY_MERCHANT_SERIAL_NO'],
  ['wechatpayMerchantPrivateKey', 'WECHATPAY_MERCHANT_PRIVATE_KEY'],
  ['wechatpayPlatformPublicKey', 'WECHATPAY_PLATFORM_PUBLIC_KEY'],
  ['wechatpayPlatformPublicKeyId', 'WECHATPAY_PLATFORM_PUBLIC_KEY_ID'],
  ['wechatpayApiV3Key', 'WECHATPAY_API_V3_KEY'],
  ['wechatpayBaseUrl', 'WECHATPAY_BASE_URL'],
  ['wechatpayTransferSceneId', 'WECHATPAY_TRANSFER_SCENE_ID'],
  ['wechatpayTransferSceneReportInfos', 'WECHATPAY_TRANSFER_SCENE_REPORT_INFOS'],
  ['alipayAppId', 'ALIPAY_APP_ID'],
  ['alipayAppPrivateKey', 'ALIPAY_APP_PRIVATE_KEY'],
  ['alipayPublicKey', 'ALIPAY_PUBLIC_KEY'],
  ['alipayAppCertSn', 'ALIPAY_APP_CERT_SN'],
  ['alipayRootCertSn', 'ALIPAY_ROOT_CERT_SN'],
  ['alipayGateway', 'ALIPAY_GATEWAY'],
];

/** The merchants PAYMENT_MERCHANTS names, and what is wrong with them (a missing or broken key, a county twice). */
function paymentMerchantsFrom(env: Env, config: OrdersConfig): { merchants: PaymentMerchant[]; problems: string[] } {
  const merchants: PaymentMerchant[] = [];
  const problems: string[] = [];
  const names = (env.PAYMENT_MERCHANTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const countyOf = new Map<string, string>();
  for (const name of names) {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(name)) {
      problems.push(`PAYMENT_MERCHANTS: "${name}" is not a merchant name (a-z, 0-9, _; starting with a letter)`);
      continue;
    }
    const prefix = `PAYMENT_MERCHANT_${name.toUpperCase()}_`;
    const provider = env[`${prefix}PROVIDER`];
    if (provider !== 'wechatpay' && provider !== 'alipay') {
      problems.push(`${prefix}PROVIDER: wechatpay or alipay (the merchant ${name} takes payments through it)`);
      continue;
    }
    const counties = (env[`${prefix}COUNTIES`] ?? '')
      .split(',')
      .map((county) => county.trim())
      .filter(Boolean);
    if (counties.length === 0 || counties.some((county) => !/^\d{6}$/.test(county))) {
      problems.push(`${prefix}COUNTIES: the six-digit codes of the counties it takes payments for, comma-separated`);
    }
    for (const county of counties) {
      const other = countyOf.get(county);
      if (other) {
        problems.push(`${prefix}COUNTIES: county ${county} is already paid through the merchant ${other}`);
      }
      countyOf.set(county, name);
    }
    const keys = Object.fromEntries(MERCHANT_KEYS.map(([property, key]) => [property, env[prefix + key] || undefined]));
    const settings = Object.assign(Object.create(OrdersConfig.prototype) as OrdersConfig, config, keys, {
      paymentProvider: provider,
      wechatpayBaseUrl: keys.wechatpayBaseUrl ?? WECHATPAY_DEFAULT_BASE_URL,
      alipayGateway: keys.alipayGateway ?? ALIPAY_DEFAULT_GATEWAY,
      wechatpayTransferSceneReportInfos: keys.wechatpayTransferSceneReportInfos ?? '[]',
      paymentMerchants: [],
    });
    problems.push(...providerProblems(settings, prefix, `merchant ${name} (${provider})`));
    if (settings.wechatpayApiV3Key && settings.wechatpayApiV3Key.length !== 32) {
      problems.push(`${prefix}WECHATPAY_API_V3_KEY must be 32 characters`);
    }
    merchants.push({ name, provider, counties, settings });
  }
  return { merchants, problems };
}

export function loadOrdersConfig(env: Env = process.env, overrides: Partial<OrdersConfig> = {}): OrdersConfig {
  const common = commonFromEnv(env);
  const production = common.nodeEnv === 'production';
  const config = validateConfig(OrdersConfig, {
    ...common,
    port: portFromEnv(env, 'ORDERS_PORT', 3003),
    orderPaymentTimeoutSeconds: numberFromEnv(env.ORDER_PAYMENT_TIMEOUT_SECONDS, 15 * 60),
    expirySweepIntervalMs: numberFromEnv(env.ORDER_EXPIRY_SWEEP_INTERVAL_MS, 5000),
    refundIntervalMs: numberFromEnv(env.REFUND_INTERVAL_MS, 2000),
    claimSweepIntervalMs: numberFromEnv(env.CLAIM_SWEEP_INTERVAL_MS, 60_000),
    groupExpirySweepIntervalMs: numberFromEnv(env.GROUP_EXPIRY_SWEEP_INTERVAL_MS, 30_000),
    balanceSweepIntervalMs: numberFromEnv(env.BALANCE_SWEEP_INTERVAL_MS, 30_000),
    paymentProvider: env.PAYMENT_PROVIDER || (production ? '' : 'simulated'),
    wechatpayMchId: env.WECHATPAY_MCH_ID || undefined,
    wechatpayAppId: env.WECHATPAY_APP_ID || undefined,
    wechatpayMerchantSerialNo: env.WECHATPAY_MERCHANT_SERIAL_NO || undefined,
    wechatpayMerchantPrivateKey: env.WECHATPAY_MERCHANT_PRIVATE_KEY || undefined,
    wechatpayPlatformPublicKey: env.WECHATPAY_PLATFORM_PUBLIC_KEY || undefined,
    wechatpayPlatformPublicKeyId: env.WECHATPAY_PLATFORM_PUBLIC_KEY_ID || undefined,
    wechatpayApiV3Key: env.WECHATPAY_API_V3_KEY || undefined,
    wechatpayBaseUrl: env.WECHATPAY_BASE_URL || WECHATPAY_DEFAULT_BASE_URL,
    wechatpayTransferSceneId: env.WECHATPAY_TRANSFER_SCENE_ID || undefined,
    wechatpayTransferSceneReportInfos: env.WECHATPAY_TRANSFER_SCENE_REPORT_INFOS || '[]',
    alipayAppId: env.ALIPAY_APP_ID || undefined,
    alipayAppPrivateKey: env.ALIPAY_APP_PRIVATE_KEY || undefined,
    alipayPublicKey: env.ALIPAY_PUBLIC_KEY || undefined,
    alipayAppCertSn: env.ALIPAY_APP_CERT_SN || undefined,
    alipayRootCertSn: env.ALIPAY_ROOT_CERT_SN || undefined,
    alipayGateway: env.ALIPAY_GATEWAY || ALIPAY_DEFAULT_GATEWAY,
    paymentNotifyBaseUrl: env.PAYMENT_NOTIFY_BASE_URL || undefined,
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
    payoutLeaseSeconds: numberFromEnv(env.PAYOUT_LEASE_SECONDS, 120),
    paymentReconcileIntervalMs: numberFromEnv(env.PAYMENT_RECONCILE_INTERVAL_MS, 60_000),
    paymentQueryAfterSeconds: numberFromEnv(env.PAYMENT_QUERY_AFTER_SECONDS, 5 * 60),
    ...overrides,
  });
  const problems = providerProblems(config);
  const merchants = paymentMerchantsFrom(env, config);
  config.paymentMerchants = merchants.merchants;
  problems.push(...merchants.problems);
  if (production && config.paymentSimulatorEnabled) {
    problems.push('PAYMENT_SIMULATOR: the payment simulator cannot run in production');
  }
  if (production && config.paymentProvider === 'simulated') {
    problems.push('PAYMENT_PROVIDER: production takes real money: choose wechatpay or alipay and configure it');
  }
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return config;
}

const REQUIRED: Record<'wechatpay' | 'alipay', [keyof OrdersConfig, string][]> = {
  wechatpay: [
    ['wechatpayMchId', 'WECHATPAY_MCH_ID'],
    ['wechatpayAppId', 'WECHATPAY_APP_ID'],
    ['wechatpayMerchantSerialNo', 'WECHATPAY_MERCHANT_SERIAL_NO'],
    ['wechatpayMerchantPrivateKey', 'WECHATPAY_MERCHANT_PRIVATE_KEY'],
    ['wechatpayPlatformPublicKey', 'WECHATPAY_PLATFORM_PUBLIC_KEY'],
    ['wechatpayPlatformPublicKeyId', 'WECHATPAY_PLATFORM_PUBLIC_KEY_ID'],
    ['wechatpayApiV3Key', 'WECHATPAY_API_V3_KEY'],
    ['paymentNotifyBaseUrl', 'PAYMENT_NOTIFY_BASE_URL'],
  ],
  alipay: [
    ['alipayAppId', 'ALIPAY_APP_ID'],
    ['alipayAppPrivateKey', 'ALIPAY_APP_PRIVATE_KEY'],
    ['alipayPublicKey', 'ALIPAY_PUBLIC_KEY'],
    ['paymentNotifyBaseUrl', 'PAYMENT_NOTIFY_BASE_URL'],
  ],
};

/**
 * What the chosen provider lacks: each missing key, and keys that are not keys. A merchant's keys carry its prefix
 * (the notify base is the service's, shared by every merchant).
 */
function providerProblems(
  config: OrdersConfig,
  prefix = '',
  what = `PAYMENT_PROVIDER=${config.paymentProvider}`,
): string[] {
  if (config.paymentProvider === 'simulated') {
    return [];
  }
  const named = (key: string): string => (key.startsWith('PAYMENT_') ? key : prefix + key);
  const problems = REQUIRED[config.paymentProvider]
    .filter(([property]) => !config[property])
    .map(([, key]) => `${named(key)}: required when ${what}`);
  const keys: [string | undefined, string, 'private' | 'public'][] =
    config.paymentProvider === 'wechatpay'
      ? [
          [config.wechatpayMerchantPrivateKey, 'WECHATPAY_MERCHANT_PRIVATE_KEY', 'private'],
          [config.wechatpayPlatformPublicKey, 'WECHATPAY_PLATFORM_PUBLIC_KEY', 'public'],
        ]
      : [
          [config.alipayAppPrivateKey, 'ALIPAY_APP_PRIVATE_KEY', 'private'],
          [config.alipayPublicKey, 'ALIPAY_PUBLIC_KEY', 'public'],
        ];
  for (const [value, key, kind] of keys) {
    try {
      if (value) {
        // createPublicKey also takes a private key: a private key where the provider's public one belongs is refused
        if (kind === 'public' && value.includes('PRIVATE KEY')) {
          throw new Error('a private key');
        }
        (kind === 'private' ? createPrivateKey : createPublicKey)(pem(value));
      }
    } catch {
      problems.push(`${named(key)}: not a PEM ${kind} key`);
    }
  }
  try {
    JSON.parse(config.wechatpayTransferSceneReportInfos);
  } catch {
    problems.push(`${named('WECHATPAY_TRANSFER_SCENE_REPORT_INFOS')}: not a JSON array`);
  }
  return problems;
}

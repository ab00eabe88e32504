import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import type { Env } from '../config';
import { SMS_TEMPLATES } from './sms.port';

export const ALIYUN_SMS_DEFAULT_ENDPOINT = 'https://dysmsapi.aliyuncs.com';
export const TENCENT_SMS_DEFAULT_ENDPOINT = 'https://sms.tencentcloudapi.com';

export type SmsProvider = 'dev' | 'aliyun' | 'tencent';

/** Who sends SMS: a real provider in production, the development outbox elsewhere. */
export class SmsConfig {
  @IsIn(['dev', 'aliyun', 'tencent'])
  provider: SmsProvider;

  /** The approved signature (签名) shown as 【…】 before every message. */
  @IsOptional()
  @IsString()
  signName?: string;

  /** The provider's approved template id for each template name (JSON object, SMS_TEMPLATE_IDS). */
  templateIds: Record<string, string>;

  @IsOptional()
  @IsString()
  aliyunAccessKeyId?: string;

  @IsOptional()
  @IsString()
  aliyunAccessKeySecret?: string;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  aliyunEndpoint: string;

  @IsOptional()
  @IsString()
  tencentSecretId?: string;

  @IsOptional()
  @IsString()
  tencentSecretKey?: string;

  /** The SMS application's SdkAppId (1400…). */
  @IsOptional()
  @IsString()
  tencentSdkAppId?: string;

  @IsString()
  tencentRegion: string;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  tencentEndpoint: string;

  /** A provider that has not answered after this long counts as failed. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  timeoutMs: number;
}

const REQUIRED: Record<'aliyun' | 'tencent', [keyof SmsConfig, string][]> = {
  aliyun: [
    ['aliyunAccessKeyId', 'ALIYUN_SMS_ACCESS_KEY_ID'],
    ['aliyunAccessKeySecret', 'ALIYUN_SMS_ACCESS_KEY_SECRET'],
    ['signName', 'SMS_SIGN_NAME'],
  ],
  tencent: [
    ['tencentSecretId', 'TENCENT_SMS_SECRET_ID'],
    ['tencentSecretKey', 'TENCENT_SMS_SECRET_KEY'],
    ['tencentSdkAppId', 'TENCENT_SMS_SDK_APP_ID'],
    ['signName', 'SMS_SIGN_NAME'],
  ],
};

function templateIdsFromEnv(value: string | undefined): Record<string, string> | string {
  if (!value) {
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : value;
  } catch {
    return value;
  }
}

/** Reads the SMS keys; the provider defaults to the development outbox outside production and to nothing in it. */
export function smsFromEnv(env: Env, nodeEnv: string): Record<string, unknown> {
  return {
    provider: env.SMS_PROVIDER || (nodeEnv === 'production' ? '' : 'dev'),
    signName: env.SMS_SIGN_NAME || undefined,
    templateIds: templateIdsFromEnv(env.SMS_TEMPLATE_IDS),
    aliyunAccessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID || undefined,
    aliyunAccessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET || undefined,
    aliyunEndpoint: env.ALIYUN_SMS_ENDPOINT || ALIYUN_SMS_DEFAULT_ENDPOINT,
    tencentSecretId: env.TENCENT_SMS_SECRET_ID || undefined,
    tencentSecretKey: env.TENCENT_SMS_SECRET_KEY || undefined,
    tencentSdkAppId: env.TENCENT_SMS_SDK_APP_ID || undefined,
    tencentRegion: env.TENCENT_SMS_REGION || 'ap-guangzhou',
    tencentEndpoint: env.TENCENT_SMS_ENDPOINT || TENCENT_SMS_DEFAULT_ENDPOINT,
    timeoutMs: env.SMS_TIMEOUT_MS && /^\d+$/.test(env.SMS_TIMEOUT_MS) ? Number(env.SMS_TIMEOUT_MS) : 5000,
  };
}

/**
 * What the SMS settings lack, as `KEY: reason` lines: a real provider needs its keys, its signature and a template
 * id for every template; production never runs the development outbox (it would show codes to anyone).
 */
export function smsConfigProblems(config: SmsConfig, nodeEnv: string): string[] {
  const problems: string[] = [];
  if (typeof config.templateIds !== 'object' || config.templateIds === null) {
    problems.push('SMS_TEMPLATE_IDS: must be a JSON object of template name → provider template id');
  }
  if (config.provider === 'dev') {
    if (nodeEnv === 'production') {
      problems.push('SMS_PROVIDER: production sends real SMS: choose aliyun or tencent and configure it');
    }
    return problems;
  }
  if (!REQUIRED[config.provider]) {
    return problems;
  }
  for (const [property, key] of REQUIRED[config.provider]) {
    if (!config[property]) {
      problems.push(`${key}: required when SMS_PROVIDER=${config.provider}`);
    }
  }
  if (typeof config.templateIds === 'object' && config.templateIds !== null) {
    const missing = SMS_TEMPLATES.filter((name) => !config.templateIds[name]);
    if (missing.length > 0) {
      problems.push(`SMS_TEMPLATE_IDS: needs a template id for ${missing.join(', ')}`);
    }
  }
  return problems;
}

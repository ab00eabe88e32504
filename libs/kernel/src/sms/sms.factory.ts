import type { Redis } from 'ioredis';
import { AliyunSmsSender } from './aliyun-sms.sender';
import { DevSmsOutbox } from './dev-sms.outbox';
import { SmsConfig } from './sms.config';
import { SmsSender } from './sms.port';
import { TencentSmsSender } from './tencent-sms.sender';

/** The configured provider's sender (the config was checked by `smsConfigProblems` when it was loaded). */
export function createSmsSender(config: SmsConfig, redis: Redis, queuePrefix: string): SmsSender {
  const common = { signName: config.signName!, templateIds: config.templateIds, timeoutMs: config.timeoutMs };
  switch (config.provider) {
    case 'aliyun':
      return new AliyunSmsSender({
        ...common,
        accessKeyId: config.aliyunAccessKeyId!,
        accessKeySecret: config.aliyunAccessKeySecret!,
        endpoint: config.aliyunEndpoint,
      });
    case 'tencent':
      return new TencentSmsSender({
        ...common,
        secretId: config.tencentSecretId!,
        secretKey: config.tencentSecretKey!,
        sdkAppId: config.tencentSdkAppId!,
        region: config.tencentRegion,
        endpoint: config.tencentEndpoint,
      });
    case 'dev':
      return new DevSmsOutbox(redis, queuePrefix);
  }
}

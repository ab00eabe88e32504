import { createSmsSender, DevSmsOutbox, REDIS, SmsSender } from '@countyflow/kernel';
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { IdentityConfig } from './identity.config';
import { DevSmsController } from './verification/sms-code.controller';

/**
 * The adapter the configuration chooses: who sends SMS (Alibaba Cloud, Tencent Cloud, or the development outbox,
 * whose page exists only while it is the provider). Global, so that every feature reaches the one sender chosen.
 */
@Global()
@Module({})
export class IdentityAdaptersModule {
  static forRoot(config: Pick<IdentityConfig, 'sms' | 'queuePrefix'>): DynamicModule {
    const development = config.sms.provider === 'dev';
    const providers: Provider[] = [
      {
        provide: SmsSender,
        useFactory: (redis: Redis) => createSmsSender(config.sms, redis, config.queuePrefix),
        inject: [REDIS],
      },
      ...(development ? [{ provide: DevSmsOutbox, useExisting: SmsSender }] : []),
    ];
    return {
      module: IdentityAdaptersModule,
      controllers: development ? [DevSmsController] : [],
      providers,
      exports: [SmsSender],
    };
  }
}

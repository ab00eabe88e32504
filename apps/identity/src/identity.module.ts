import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { createSmsSender, DevSmsOutbox, KernelModule, REDIS, SmsSender } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { IDENTITY_MIGRATIONS } from '../../../migrations/identity';
import { AuthController, MeController } from './account/account.controller';
import { RefreshToken, Session, UserAccount } from './account/account.entities';
import { AccountRepository } from './account/account.repository';
import { AccountService } from './account/account.service';
import { RateLimiter } from './account/rate-limiter';
import { IdentityConfig } from './identity.config';
import { OrganisationController } from './organisation/organisation.controller';
import { Membership, Organisation } from './organisation/organisation.entities';
import { OrganisationRepository } from './organisation/organisation.repository';
import { OrganisationService } from './organisation/organisation.service';
import { DevSmsController, SmsCodeController } from './verification/sms-code.controller';
import { SmsCode } from './verification/sms-code.entity';
import { SmsCodeRepository } from './verification/sms-code.repository';
import { SmsCodeService } from './verification/sms-code.service';

export const IDENTITY_ENTITIES = [
  UserAccount,
  Session,
  RefreshToken,
  SmsCode,
  Organisation,
  Membership,
  ...MESSAGING_ENTITIES,
];

@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    const development = config.sms.provider === 'dev';
    const sms: Provider[] = [
      {
        provide: SmsSender,
        useFactory: (redis: Redis) => createSmsSender(config.sms, redis, config.queuePrefix),
        inject: [REDIS],
      },
      // the outbox page exists only while the development outbox is the provider
      ...(development ? [{ provide: DevSmsOutbox, useExisting: SmsSender }] : []),
    ];
    return {
      module: IdentityModule,
      imports: [
        KernelModule.forRoot(ServiceName.Identity, config),
        PersistenceModule.forRoot({ schema: 'identity', entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Identity }),
      ],
      controllers: [
        AuthController,
        SmsCodeController,
        ...(development ? [DevSmsController] : []),
        MeController,
        OrganisationController,
      ],
      providers: [
        AccountRepository,
        AccountService,
        RateLimiter,
        ...sms,
        SmsCodeRepository,
        SmsCodeService,
        OrganisationRepository,
        OrganisationService,
      ],
    };
  }
}

import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { IDENTITY_MIGRATIONS } from '../../../migrations/identity';
import { RefreshToken, Session, UserAccount } from './account/account.entities';
import { AccountModule } from './account/account.module';
import { IdentityAdaptersModule } from './adapters.module';
import { SellerApplication } from './application/application.entity';
import { ApplicationModule } from './application/application.module';
import { HistoryModule } from './history/history.module';
import { IdentityConfig } from './identity.config';
import { UserMessage } from './message/message.entity';
import { MessageModule } from './message/message.module';
import { Membership, Organisation } from './organisation/organisation.entities';
import { OrganisationModule } from './organisation/organisation.module';
import { SmsCode } from './verification/sms-code.entity';

export const IDENTITY_ENTITIES = [
  UserAccount,
  Session,
  RefreshToken,
  SmsCode,
  Organisation,
  Membership,
  SellerApplication,
  UserMessage,
  ...MESSAGING_ENTITIES,
];

/** Identity's features, each a module exporting only what the others may use: what the app module imports. */
export const IDENTITY_FEATURES = [AccountModule, OrganisationModule, ApplicationModule, MessageModule, HistoryModule];

@Module({})
export class IdentityModule {
  static forRoot(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        KernelModule.forRoot(ServiceName.Identity, config),
        PersistenceModule.forRoot({ schema: 'identity', entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS }),
        AuthModule,
        MessagingModule.forRoot({ service: ServiceName.Identity }),
        IdentityAdaptersModule.forRoot(config),
        ...IDENTITY_FEATURES,
      ],
    };
  }
}

import { AuthModule } from '@countyflow/auth';
import { ServiceName } from '@countyflow/contracts';
import { KernelModule } from '@countyflow/kernel';
import { MediaModule } from '@countyflow/media';
import { MESSAGING_ENTITIES, MessagingModule } from '@countyflow/messaging';
import { PersistenceModule } from '@countyflow/persistence';
import { DynamicModule, Module } from '@nestjs/common';
import { IDENTITY_MIGRATIONS } from '../../../migrations/identity';
import { AuthController, MeController } from './account/account.controller';
import { RefreshToken, Session, UserAccount } from './account/account.entities';
import { AccountRepository } from './account/account.repository';
import { AccountService } from './account/account.service';
import { RateLimiter } from './account/rate-limiter';
import { ApplicationController } from './application/application.controller';
import { SellerApplication } from './application/application.entity';
import { ApplicationRepository } from './application/application.repository';
import { ApplicationService } from './application/application.service';
import { IdentityConfig } from './identity.config';
import { MessageController } from './message/message.controller';
import { UserMessage } from './message/message.entity';
import { MessageRepository } from './message/message.repository';
import { OrganisationController } from './organisation/organisation.controller';
import { Membership, Organisation } from './organisation/organisation.entities';
import { OrganisationRepository } from './organisation/organisation.repository';
import { OrganisationService } from './organisation/organisation.service';

export const IDENTITY_ENTITIES = [
  UserAccount,
  Session,
  RefreshToken,
  Organisation,
  Membership,
  SellerApplication,
  UserMessage,
  ...MESSAGING_ENTITIES,
];

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
        MediaModule,
      ],
      controllers: [AuthController, MeController, OrganisationController, ApplicationController, MessageController],
      providers: [
        AccountRepository,
        AccountService,
        RateLimiter,
        OrganisationRepository,
        OrganisationService,
        ApplicationRepository,
        ApplicationService,
        MessageRepository,
      ],
    };
  }
}

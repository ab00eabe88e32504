import { forwardRef, Module } from '@nestjs/common';
import { AccountModule } from '../account/account.module';
import { OrganisationController } from './organisation.controller';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { PlatformBootstrap } from './platform-bootstrap';

/** Organisations (sellers, service points, county offices…), their applications and their members. */
@Module({
  imports: [forwardRef(() => AccountModule)],
  controllers: [OrganisationController],
  providers: [OrganisationRepository, OrganisationService, PlatformBootstrap],
  exports: [OrganisationRepository, OrganisationService],
})
export class OrganisationModule {}

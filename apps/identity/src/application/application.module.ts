import { MediaModule } from '@countyflow/media';
import { Module } from '@nestjs/common';
import { MessageModule } from '../message/message.module';
import { OrganisationModule } from '../organisation/organisation.module';
import { ApplicationController } from './application.controller';
import { ApplicationRepository } from './application.repository';
import { ApplicationService } from './application.service';

/** Applications to sell or to run a service point, with their licence photos, and the county's review of them. */
@Module({
  imports: [OrganisationModule, MessageModule, MediaModule],
  controllers: [ApplicationController],
  providers: [ApplicationRepository, ApplicationService],
})
export class ApplicationModule {}

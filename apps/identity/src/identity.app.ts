import { createHttpApp } from '@countyflow/kernel';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';

/** The identity HTTP app, used by main.ts and by the tests. */
export function createIdentityApp(config: IdentityConfig): Promise<NestFastifyApplication> {
  return createHttpApp(IdentityModule.forRoot(config), config, {
    title: 'CountyFlow identity',
    description: 'Accounts, sessions, organisations, memberships and seller verification',
    uploads: true,
  });
}

import { createHttpApp } from '@countyflow/kernel';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogisticsConfig } from './logistics.config';
import { LogisticsModule } from './logistics.module';

/** The logistics HTTP app, used by main.ts and by the tests. */
export function createLogisticsApp(config: LogisticsConfig): Promise<NestFastifyApplication> {
  return createHttpApp(LogisticsModule.forRoot(config), config, {
    title: 'CountyFlow logistics',
    description: 'The county–town–village network, shipments, custody, cold chain and runs',
    // 快递100's push is signed over its form's param exactly as sent
    rawBody: true,
  });
}

import { createHttpApp } from '@countyflow/kernel';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OrdersConfig } from './orders.config';
import { OrdersModule } from './orders.module';

/** The orders HTTP app, used by main.ts and by the tests. */
export function createOrdersApp(config: OrdersConfig): Promise<NestFastifyApplication> {
  return createHttpApp(OrdersModule.forRoot(config), config, {
    title: 'CountyFlow orders',
    description: 'Checkout, orders per seller, payments, refunds, claims and reviews',
    // the payment webhook's signature is checked over the exact bytes received
    rawBody: true,
    // claims' evidence photos (multipart, read by the route)
    uploads: true,
  });
}

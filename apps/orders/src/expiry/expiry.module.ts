import { Module } from '@nestjs/common';
import { OrderModule } from '../order/order.module';
import { ExpiryQueue } from './expiry.queue';
import { ExpirySweeper } from './expiry.sweeper';

/** The payment deadline of unpaid orders: a delayed job per order, and a sweep for the ones it missed. */
@Module({ imports: [OrderModule], providers: [ExpiryQueue, ExpirySweeper] })
export class ExpiryModule {}

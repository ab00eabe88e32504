import { Module } from '@nestjs/common';
import { OrderModule } from '../order/order.module';
import { ExpirySweeper } from './expiry.sweeper';

/** The payment deadline of unpaid orders: a sweep every few seconds expires the ones past it. */
@Module({ imports: [OrderModule], providers: [ExpirySweeper] })
export class ExpiryModule {}

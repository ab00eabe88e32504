import { Module } from '@nestjs/common';
import { Clock } from './clock';
import { IdempotencyStore } from './idempotency';

/** What every logistics feature shares: the clock (a test may move it) and the store of answered Idempotency-Keys. */
@Module({ providers: [Clock, IdempotencyStore], exports: [Clock, IdempotencyStore] })
export class LogisticsCommonModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DeadLetterController } from './dead-letter.controller';
import { DeadLetterService } from './dead-letter.service';
import { EventPublisher } from './event-publisher';
import { HandlerRegistry } from './handler-registry';
import { InboxWorker } from './inbox-worker';
import { MessagingRetention } from './messaging-retention';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox-relay';
import { TaskScheduler } from './task-scheduler';

/**
 * The messaging wiring of one service: `EventPublisher` (outbox), the relay, the inbox worker with its handler
 * registry, the dead-letter admin API, the task scheduler
 * and the retention of old outbox and inbox rows. Requires the Kernel, Persistence and Auth modules.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [DeadLetterController],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        EventPublisher,
        HandlerRegistry,
        OutboxRelay,
        InboxWorker,
        DeadLetterService,
        TaskScheduler,
        MessagingRetention,
      ],
      exports: [
        EventPublisher,
        OutboxRelay,
        InboxWorker,
        DeadLetterService,
        HandlerRegistry,
        TaskScheduler,
        MessagingRetention,
      ],
    };
  }
}

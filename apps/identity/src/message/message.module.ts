import { Module } from '@nestjs/common';
import { MessageController } from './message.controller';
import { MessageRepository } from './message.repository';

/** The messages a person finds in the app (an application approved or rejected…). */
@Module({
  controllers: [MessageController],
  providers: [MessageRepository],
  exports: [MessageRepository],
})
export class MessageModule {}

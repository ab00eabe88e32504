import { createMessagingRetentionIndexes, dropMessagingRetentionIndexes } from '@countyflow/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for pruning published outbox rows and old inbox rows in batches (issue 19, docs/messaging.md). */
export class LogisticsMessagingRetention1796578776232 implements MigrationInterface {
  name = 'LogisticsMessagingRetention1796578776232';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingRetentionIndexes(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingRetentionIndexes(runner);
  }
}

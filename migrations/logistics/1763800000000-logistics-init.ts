import { createMessagingTables, dropMessagingTables } from '@countyflow/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class LogisticsInit1763800000000 implements MigrationInterface {
  name = 'LogisticsInit1763800000000';

  async up(runner: QueryRunner): Promise<void> {
    await createMessagingTables(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropMessagingTables(runner);
  }
}

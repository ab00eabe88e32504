import { addOutboxTraceParent, dropOutboxTraceParent } from '@countyflow/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The trace each outbox row continues (issue 19, tracing; docs/messaging.md "Tracing"). */
export class CatalogOutboxTraceParent1796578897519 implements MigrationInterface {
  name = 'CatalogOutboxTraceParent1796578897519';

  async up(runner: QueryRunner): Promise<void> {
    await addOutboxTraceParent(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropOutboxTraceParent(runner);
  }
}

import { QueryRunner } from 'typeorm';

/**
 * The outbox, inbox and dead-letter tables every service keeps in its own schema. Each service's first
 * migration calls this, so the tables evolve with that service's migrations.
 */
export async function createMessagingTables(runner: QueryRunner): Promise<void> {
  await runner.query(`
    CREATE TABLE outbox (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      name text NOT NULL,
      payload jsonb NOT NULL,
      correlation_id text,
      causation_id text,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
  await runner.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
  await runner.query(`
    CREATE TABLE processed_event (
      event_id uuid PRIMARY KEY,
      name text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now()
    )`);
  await runner.query(`
    CREATE TABLE dead_letter (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      event_id uuid NOT NULL,
      name text NOT NULL,
      envelope jsonb NOT NULL,
      error text NOT NULL,
      attempts int NOT NULL,
      status text NOT NULL CHECK (status IN ('dead', 'replayed')),
      replay_count int NOT NULL DEFAULT 0,
      failed_at timestamptz NOT NULL DEFAULT now(),
      replayed_at timestamptz
    )`);
  await runner.query(
    `CREATE UNIQUE INDEX dead_letter_one_open_per_event ON dead_letter (event_id) WHERE status = 'dead'`,
  );
}

export async function dropMessagingTables(runner: QueryRunner): Promise<void> {
  await runner.query(`DROP TABLE dead_letter`);
  await runner.query(`DROP TABLE processed_event`);
  await runner.query(`DROP TABLE outbox`);
}

/**
 * The indexes the messaging retention task deletes by (issue 19): published outbox rows by their age (partial, so
 * the unpublished rows the relay works on are not in it) and inbox rows by theirs.
 */
export async function createMessagingRetentionIndexes(runner: QueryRunner): Promise<void> {
  await runner.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
  await runner.query(`CREATE INDEX processed_event_processed_at ON processed_event (processed_at)`);
}

export async function dropMessagingRetentionIndexes(runner: QueryRunner): Promise<void> {
  await runner.query(`DROP INDEX processed_event_processed_at`);
  await runner.query(`DROP INDEX outbox_published_at`);
}

/**
 * The W3C `traceparent` of the span that wrote each outbox row, so that the relay and the consumer's handler join
 * the trace of the request (or event) that caused the event (docs/messaging.md "Tracing"). Null with tracing off.
 */
export async function addOutboxTraceParent(runner: QueryRunner): Promise<void> {
  await runner.query(`ALTER TABLE outbox ADD COLUMN trace_parent text`);
}

export async function dropOutboxTraceParent(runner: QueryRunner): Promise<void> {
  await runner.query(`ALTER TABLE outbox DROP COLUMN trace_parent`);
}

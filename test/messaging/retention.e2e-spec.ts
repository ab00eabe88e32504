import { MessagingRetention } from '@countyflow/messaging';
import { MessagingHarness, ProbeApp } from '../support/messaging-harness';

jest.setTimeout(120_000);

/** Old outbox and inbox rows are deleted in batches; unpublished events and dead letters stay. */
describe(MessagingRetention.name, () => {
  let harness: MessagingHarness;
  let app: ProbeApp;

  beforeAll(async () => {
    harness = await MessagingHarness.create({
      env: {
        // rounds only when the test runs them
        MESSAGING_RETENTION_INTERVAL_MS: '0',
        MESSAGING_RETENTION_BATCH: '500',
        OUTBOX_RETENTION_HOURS: '168',
        INBOX_RETENTION_HOURS: '336',
      },
    });
    app = await harness.startApp({ messaging: { relay: false, worker: false } });
  });

  afterAll(() => harness.stop());

  it('deletes published outbox rows past their age and handled-event rows past theirs, 500 per statement', async () => {
    const outbox = (count: number, published: string | null, occurred = 'now()') =>
      harness.rows(
        `INSERT INTO outbox (id, name, payload, occurred_at, published_at)
         SELECT gen_random_uuid(), 'org.verified', '{}'::jsonb, ${occurred}, ${published} FROM generate_series(1, $1)`,
        [count],
      );
    const inbox = (count: number, processed: string) =>
      harness.rows(
        `INSERT INTO processed_event (event_id, name, processed_at)
         SELECT gen_random_uuid(), 'org.verified', ${processed} FROM generate_series(1, $1)`,
        [count],
      );
    await outbox(1203, `now() - interval '8 days'`);
    await outbox(7, `now() - interval '6 days'`);
    // never relayed (Redis down for a month): kept however old
    await outbox(3, 'NULL', `now() - interval '30 days'`);
    await inbox(1100, `now() - interval '15 days'`);
    await inbox(9, `now() - interval '13 days'`);
    await harness.rows(
      `INSERT INTO dead_letter (event_id, name, envelope, error, attempts, status, failed_at)
       SELECT gen_random_uuid(), 'org.verified', '{}'::jsonb, 'boom', 3, 'dead', now() - interval '90 days'
         FROM generate_series(1, 2)`,
    );
    const statements: string[] = [];
    const query = jest.spyOn(app.dataSource, 'query');

    const round = await app.app.get(MessagingRetention).prune();

    statements.push(...query.mock.calls.map(([sql]) => sql));
    query.mockRestore();
    expect(round).toEqual({ outbox: 1203, inbox: 1100 });
    // 1203 rows: 500, 500, 203; 1100: 500, 500, 100
    expect(statements.filter((sql) => sql.includes('DELETE FROM outbox'))).toHaveLength(3);
    expect(statements.filter((sql) => sql.includes('DELETE FROM processed_event'))).toHaveLength(3);
    expect(await harness.count('outbox', 'published_at IS NOT NULL')).toBe(7);
    expect(await harness.count('outbox', 'published_at IS NULL')).toBe(3);
    expect(await harness.count('processed_event')).toBe(9);
    expect(await harness.count('dead_letter')).toBe(2);
    expect(await app.app.get(MessagingRetention).prune()).toEqual({ outbox: 0, inbox: 0 });
  });

  it('can find the rows to delete through the age indexes', async () => {
    // a planner that may read the table would, for a table this small; what matters is that the index serves
    const plan = async (sql: string): Promise<string> => {
      const runner = app.dataSource.createQueryRunner();
      try {
        await runner.query('SET enable_seqscan = off');
        return JSON.stringify(await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`));
      } finally {
        await runner.query('RESET enable_seqscan');
        await runner.release();
      }
    };
    expect(await plan(`SELECT seq FROM outbox WHERE published_at < now() ORDER BY published_at LIMIT 500`)).toContain(
      'outbox_published_at',
    );
    expect(
      await plan(`SELECT event_id FROM processed_event WHERE processed_at < now() ORDER BY processed_at LIMIT 500`),
    ).toContain('processed_event_processed_at');
  });
});

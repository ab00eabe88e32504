import { EventName } from '@countyflow/contracts';
import { envelopesOf } from '@countyflow/messaging';
import { waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { inRolledBackTransaction, MessagingHarness, orgEvent, ProbeApp } from '../support/messaging-harness';

jest.setTimeout(120_000);

const GRACE_MS = 1500;

/**
 * The relay's fast path (docs/messaging.md "The path of one event"): the process that commits outbox rows puts them
 * on the queues itself right after the commit and marks them published with one autocommit UPDATE; the sweep only
 * takes rows left unpublished past OUTBOX_GRACE_MS. Real PostgreSQL and Redis.
 */
describe('the outbox fast path', () => {
  let harness: MessagingHarness;
  let sut: ProbeApp;
  let sweeps: number[];

  beforeAll(async () => {
    harness = await MessagingHarness.create({
      env: { OUTBOX_GRACE_MS: String(GRACE_MS), OUTBOX_POLL_INTERVAL_MS: '100' },
    });
    sut = await harness.startApp();
  });

  beforeEach(() => {
    // what each sweep (by the poll or by drain) relayed: the fast path must leave them nothing
    sweeps = [];
    const sweepOnce = sut.relay.sweepOnce.bind(sut.relay);
    jest.spyOn(sut.relay, 'sweepOnce').mockImplementation(async (batch, graceMs) => {
      const relayed = await sweepOnce(batch, graceMs);
      sweeps.push(relayed);
      return relayed;
    });
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(() => harness.stop());

  const handled = (ids: string[]) =>
    waitFor(async () => (await harness.count('probe_effect', 'event_id = ANY($1)', [ids])) === ids.length, {
      what: `${ids.length} events to be handled`,
    });

  it('publishes a committed row at once, without any sweep, and marks it published', async () => {
    const eventId = await sut.verified();

    await handled([eventId]);
    await waitFor(
      async () => (await harness.count('outbox', 'id = $1 AND published_at IS NOT NULL', [eventId])) === 1,
      {
        what: 'the row to be marked published',
      },
    );
    expect(sweeps.filter((relayed) => relayed > 0)).toEqual([]);
  });

  it('publishes nothing of a rolled-back transaction, nor of a savepoint rolled back in a committed one', async () => {
    const rolledBack = await inRolledBackTransaction(sut.dataSource, (manager) =>
      sut.publisher.publish(manager, EventName.OrgVerified, orgEvent()),
    );
    let kept = '';
    let undone = '';
    await sut.dataSource.transaction(async (manager) => {
      kept = await sut.publisher.publish(manager, EventName.OrgVerified, orgEvent());
      await manager
        .transaction(async (nested) => {
          undone = await sut.publisher.publish(nested, EventName.OrgSuspended, orgEvent());
          throw new Error('roll back to the savepoint');
        })
        .catch(() => undefined);
    });

    await handled([kept]);
    await sut.relay.drain();
    const queued = await harness.queuedEventIds();
    expect(queued).toContain(kept);
    expect(queued).not.toContain(rolledBack);
    expect(queued).not.toContain(undone);
    expect(await harness.count('outbox', 'id = ANY($1)', [[rolledBack, undone]])).toBe(0);
    expect(await harness.count('probe_effect', 'event_id = ANY($1)', [[rolledBack, undone]])).toBe(0);
    expect(sweeps.filter((relayed) => relayed > 0)).toEqual([]);
  });

  it('leaves a row whose fast publish failed (Redis refused) to the sweep, which sends it after the grace period', async () => {
    const refused = jest
      .spyOn(Queue.prototype, 'addBulk')
      .mockRejectedValue(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
    const failuresBefore = await sut.relayFailures();

    const eventId = await sut.verified();
    await waitFor(async () => (await sut.relayFailures()) > failuresBefore, { what: 'the fast publish to fail' });
    refused.mockRestore(); // Redis is back
    // within the grace period the row stays where it is: no sweep takes it yet
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS / 3));
    expect(await harness.count('outbox', 'id = $1 AND published_at IS NULL', [eventId])).toBe(1);
    expect(await harness.queuedEventIds()).not.toContain(eventId);

    await handled([eventId]);
    const [row] = await harness.rows<{ waited_ms: number }>(
      `SELECT (extract(epoch FROM published_at - occurred_at) * 1000)::float8 AS waited_ms FROM outbox WHERE id = $1`,
      [eventId],
    );
    expect(row.waited_ms).toBeGreaterThanOrEqual(GRACE_MS);
    expect(sweeps.filter((relayed) => relayed > 0)).toEqual([1]); // the sweep sent it
    expect(await harness.count('probe_effect', 'event_id = $1', [eventId])).toBe(1);
  });
});

/** Many publishing transactions at once, the consumer stopped: what reaches its queue is counted there. */
describe('a burst of publishing transactions on the fast path', () => {
  let harness: MessagingHarness;
  let api: ProbeApp;
  let all: ProbeApp;

  beforeAll(async () => {
    // an hour's poll: only the fast path publishes (the worker is off, so the jobs stay in the queue)
    harness = await MessagingHarness.create({ env: { OUTBOX_POLL_INTERVAL_MS: '3600000' } });
    api = await harness.startApp({ name: 'api', env: { SERVICE_ROLE: 'api' } });
    all = await harness.startApp({ name: 'all', messaging: { worker: false } });
  });

  afterAll(() => harness.stop());

  it('puts every event in the consumer queue exactly once, marks every row published, and coalesces the marks', async () => {
    // the relays' marks go through a connection of their own (a pg Pool of one)
    const query = jest.spyOn(Pool.prototype, 'query');
    const marks = () =>
      query.mock.calls.filter(
        ([sql]) => typeof sql === 'string' && sql.includes('UPDATE outbox AS o SET published_at'),
      );
    // 120 transactions of one to four events, 16 at a time (8 in each process): commits keep finishing while
    // earlier marks are in flight
    const transactions = 120;
    const lanes = 16;
    const ids: string[] = [];
    const together: [string, string][] = [];
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let at = lane; at < transactions; at += lanes) {
          const events = Array.from({ length: 1 + (at % 4) }, (_, index) => ({
            name: index % 2 === 0 ? EventName.OrgVerified : EventName.OrgSuspended,
            data: orgEvent(),
          }));
          const published = await (lane % 2 === 0 ? api : all).publish(...events);
          ids.push(...published);
          if (published.length >= 3) {
            together.push([published[0], published[2]]); // its two org.verified
          }
        }
      }),
    );
    expect(new Set(ids).size).toBe(300);

    await waitFor(async () => (await harness.count('outbox', 'id = ANY($1) AND published_at IS NULL', [ids])) === 0, {
      timeoutMs: 60_000,
      what: 'every outbox row to be marked published',
    });
    const queued = (await harness.queuedEventIds()).filter((id) => ids.includes(id));
    expect(queued).toHaveLength(ids.length);
    expect(new Set(queued)).toEqual(new Set(ids));
    // a transaction's events of one name travel in one job (with those of the commits sent with it)
    const jobs = await harness.inboxQueue().getJobs(['waiting', 'prioritized', 'delayed', 'active', 'completed']);
    const jobOf = new Map(jobs.flatMap((job) => envelopesOf(job.data).map((envelope) => [envelope.id, job.id])));
    expect(together).toHaveLength(transactions / 2);
    expect(together.filter(([first, second]) => jobOf.get(first) !== jobOf.get(second))).toEqual([]);
    expect(marks().length).toBeGreaterThan(0);
    expect(marks().length).toBeLessThan(transactions); // several commits' marks per statement
    query.mockRestore();
    expect(await harness.count('outbox', 'published_at IS NULL')).toBe(0);
  });
});

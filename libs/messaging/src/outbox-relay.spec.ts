import { EVENT_ROUTES, EventEnvelope, EventName, ServiceName } from '@countyflow/contracts';
import { CommonConfig, Metrics, Tracing } from '@countyflow/kernel';
import type { Logger } from 'pino';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { envelopesOf, InboxJobData } from './inbox-job';
import { RETRY_OVERRIDES } from './messaging.options';
import { EVENTS_PER_JOB, inboxJobs, jobOptionsFor, MARK_HOLD_MS, OutboxRelay, toEnvelope } from './outbox-relay';

const config = { eventMaxAttempts: 8, eventBackoffMs: 500 } as CommonConfig;

describe(jobOptionsFor.name, () => {
  afterEach(() => {
    delete RETRY_OVERRIDES[EventName.OrgSuspended];
  });

  it('gives every event the configured attempts and exponential backoff, under the given job id', () => {
    expect(jobOptionsFor(EventName.OrgVerified, config, 'e-1')).toMatchObject({
      jobId: 'e-1',
      attempts: 8,
      backoff: { type: 'exponential', delay: 500 },
    });
  });

  it('keeps finished jobs for a bounded time only', () => {
    const sut = jobOptionsFor(EventName.OrgVerified, config, 'e-1');
    expect(sut.removeOnComplete).toEqual({ age: 24 * 3600, count: 10_000 });
    expect(sut.removeOnFail).toEqual({ age: 14 * 24 * 3600 });
  });

  it('applies a named override for its event only', () => {
    RETRY_OVERRIDES[EventName.OrgSuspended] = { attempts: 2 };

    expect(jobOptionsFor(EventName.OrgSuspended, config, 'e-2')).toMatchObject({
      attempts: 2,
      backoff: { type: 'exponential', delay: 500 },
    });
    expect(jobOptionsFor(EventName.OrgVerified, config, 'e-3')).toMatchObject({ attempts: 8 });
  });
});

describe(inboxJobs.name, () => {
  const envelope = (name: EventName, at: number): EventEnvelope =>
    toEnvelope(
      {
        id: `00000000-0000-4000-8000-${String(at).padStart(12, '0')}`,
        name,
        payload: { at },
        correlation_id: null,
        causation_id: null,
        occurred_at: new Date('2026-12-07T14:00:00.000Z'),
      },
      ServiceName.Identity,
    );

  it("sends a lone event as its own envelope under the event's id, as before", () => {
    const sut = envelope(EventName.OrgVerified, 1);

    expect(inboxJobs([sut], config)).toEqual([
      { name: EventName.OrgVerified, data: sut, opts: jobOptionsFor(EventName.OrgVerified, config, sut.id) },
    ]);
  });

  it('puts the events of one name in one job, in their order, with that name’s retry policy', () => {
    RETRY_OVERRIDES[EventName.OrgSuspended] = { attempts: 2 };
    try {
      const verified = [1, 2, 3].map((at) => envelope(EventName.OrgVerified, at));
      const suspended = [4, 5].map((at) => envelope(EventName.OrgSuspended, at));

      const sut = inboxJobs([verified[0], suspended[0], verified[1], suspended[1], verified[2]], config);

      expect(sut.map((job) => [job.name, job.data])).toEqual([
        [EventName.OrgVerified, verified],
        [EventName.OrgSuspended, suspended],
      ]);
      expect(sut.map((job) => job.opts.attempts)).toEqual([8, 2]);
    } finally {
      delete RETRY_OVERRIDES[EventName.OrgSuspended];
    }
  });

  it('names a job of several by all of its events: the same events again, the same id; other events, another', () => {
    const events = [1, 2, 3].map((at) => envelope(EventName.OrgVerified, at));
    const idOf = (some: EventEnvelope[]) => inboxJobs(some, config)[0].opts.jobId;

    expect(idOf(events)).toMatch(/^events-[0-9a-f]{64}$/);
    expect(idOf([...events])).toBe(idOf(events));
    expect(
      new Set([idOf(events), idOf(events.slice(0, 2)), idOf(events.slice(1)), idOf([events[1], events[0]])]).size,
    ).toBe(4);
  });

  it(`splits a long run of one name into jobs of at most ${EVENTS_PER_JOB}`, () => {
    const events = Array.from({ length: 2 * EVENTS_PER_JOB + 1 }, (_, at) => envelope(EventName.OrgVerified, at));

    const sut = inboxJobs(events, config);

    expect(sut.map((job) => envelopesOf(job.data).length)).toEqual([EVENTS_PER_JOB, EVENTS_PER_JOB, 1]);
    expect(sut.flatMap((job) => envelopesOf(job.data))).toEqual(events);
    expect(sut[2].data).toBe(events[2 * EVENTS_PER_JOB]); // the last one alone: a plain envelope
  });
});

describe(toEnvelope.name, () => {
  it('turns an outbox row into the envelope that travels on the queue', () => {
    const occurredAt = new Date('2026-03-01T08:30:00.000Z');
    const payload = { orgId: 'o-1' };

    const sut = toEnvelope(
      {
        seq: '42',
        id: 'e-1',
        name: EventName.OrgVerified,
        payload,
        correlation_id: 'r-1',
        causation_id: 'e-0',
        occurred_at: occurredAt,
      },
      ServiceName.Identity,
    );

    expect(sut).toEqual({
      id: 'e-1',
      name: EventName.OrgVerified,
      data: payload,
      producer: ServiceName.Identity,
      occurredAt: '2026-03-01T08:30:00.000Z',
      correlationId: 'r-1',
      causationId: 'e-0',
    });
  });
});

/*
 * The fast path with fakes for PostgreSQL and Redis: the rows of each commit go to the queue at once, and the marks
 * of the commits that finish while a mark is in flight share the next UPDATE.
 */
describe('OutboxRelay fast path', () => {
  const fastConfig = { eventMaxAttempts: 3, eventBackoffMs: 10, outboxGraceMs: 2000 } as CommonConfig;
  const logger = { warn: () => undefined, error: () => undefined } as unknown as Logger;

  function fixture({ failEnqueue = false, holdEnqueue = false } = {}) {
    const marks: { ids: string[]; finish: () => void }[] = [];
    const queued: string[] = [];
    /** Each addBulk to the first consumer: its event ids and (holdEnqueue) how to let it finish. */
    const sends: { ids: string[]; finish: () => void }[] = [];
    const failures: number[] = [];
    const subscribers: EntitySubscriberInterface[] = [];
    const dataSource = {
      options: { schema: 'catalog' },
      subscribers,
      // drain's sweep finds nothing left
      transaction: (work: (manager: EntityManager) => Promise<unknown>) =>
        work({ query: () => Promise.resolve([]) } as unknown as EntityManager),
    } as unknown as DataSource;
    const metrics = {
      outboxPublished: { inc: () => undefined },
      outboxRelayFailures: { inc: () => failures.push(1) },
    } as unknown as Metrics;
    const publisher = new EventPublisher(dataSource);
    const sut = new OutboxRelay(
      dataSource,
      fastConfig,
      metrics,
      { service: ServiceName.Identity },
      logger,
      Tracing.off,
      publisher,
    );
    Object.assign(sut, {
      producer: () => ({ status: 'ready', disconnect: () => undefined }),
      // the marks: autocommit statements on the relay's connection, held until the test finishes them
      markConnection: () => ({
        query: (sql: string, params: unknown[]) =>
          new Promise<void>((resolve) => {
            expect(sql).toContain('UPDATE outbox AS o SET published_at = m.at');
            marks.push({ ids: params[0] as string[], finish: resolve });
          }),
        end: () => Promise.resolve(),
      }),
      // what reaches one consumer's queue (org.verified goes to several)
      queueFor: (consumer: ServiceName) => ({
        addBulk: (jobs: { data: InboxJobData }[]) => {
          if (failEnqueue) {
            return Promise.reject(new Error('connect ECONNREFUSED'));
          }
          if (consumer !== EVENT_ROUTES[EventName.OrgVerified][0]) {
            return Promise.resolve();
          }
          const ids = jobs.flatMap((job) => envelopesOf(job.data).map((envelope) => envelope.id));
          queued.push(...ids);
          return new Promise<void>((resolve) => {
            sends.push({ ids, finish: resolve });
            if (!holdEnqueue) resolve();
          });
        },
      }),
    });
    sut.start({ sweep: false });

    /** One transaction that publishes `count` org.verified events and commits (or rolls back). */
    async function transaction(count: number, outcome: 'commit' | 'rollback' = 'commit'): Promise<string[]> {
      const runner = { isTransactionActive: true, transactionDepth: 1 } as unknown as QueryRunner;
      for (const subscriber of subscribers) {
        void subscriber.afterTransactionStart?.({ queryRunner: runner } as never);
      }
      const manager = {
        queryRunner: runner,
        query: () => Promise.resolve([{ occurred_at: new Date() }]),
      } as unknown as EntityManager;
      const ids: string[] = [];
      for (let at = 0; at < count; at += 1) {
        ids.push(await publisher.publish(manager, EventName.OrgVerified, {} as never));
      }
      Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
      const event = { queryRunner: runner } as never;
      for (const subscriber of subscribers) {
        void (outcome === 'commit'
          ? subscriber.afterTransactionCommit?.(event)
          : subscriber.afterTransactionRollback?.(event));
      }
      return ids;
    }

    return { sut, marks, queued, sends, failures, transaction };
  }

  const turns = async (count = 3) => {
    for (let at = 0; at < count; at += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  // the marks' hold runs on fake timers; the relay's own steps take turns of the event loop
  const fakeTimers = () => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('enqueues each commit at once, marks the commits of one hold together and those behind a mark in flight in the next', async () => {
    fakeTimers();
    const { sut, marks, queued, transaction } = fixture();

    const first = [...(await transaction(2)), ...(await transaction(1))];
    await turns();
    expect(queued).toEqual(first);
    expect(marks).toEqual([]); // held for other commits' marks to join
    jest.advanceTimersByTime(MARK_HOLD_MS);
    await turns();
    expect(marks.map((mark) => mark.ids)).toEqual([first]);

    // three more commits while the first mark is in flight: enqueued at once, marked together next
    const more = [...(await transaction(1)), ...(await transaction(3)), ...(await transaction(1))];
    await turns();
    expect(queued).toEqual([...first, ...more]);
    expect(marks).toHaveLength(1);

    marks[0].finish();
    jest.advanceTimersByTime(MARK_HOLD_MS);
    await turns();
    expect(marks.map((mark) => mark.ids)).toEqual([first, more]);

    // drain waits for the mark in flight, and writes a held one at once
    const last = await transaction(1);
    await turns();
    let drained = false;
    const draining = sut.drain().then(() => (drained = true));
    await turns();
    expect(drained).toBe(false);
    marks[1].finish();
    await turns();
    expect(marks.map((mark) => mark.ids)).toEqual([first, more, last]);
    expect(drained).toBe(false);
    marks[2].finish();
    await draining;
    expect(drained).toBe(true);
  });

  it('sends the rows of the commits that arrive while an addBulk is in flight in one next addBulk', async () => {
    fakeTimers();
    const { marks, sends, transaction } = fixture({ holdEnqueue: true });

    const first = await transaction(1);
    await turns();
    const more = [...(await transaction(2)), ...(await transaction(1))];
    await turns();
    expect(sends.map((send) => send.ids)).toEqual([first]);
    jest.advanceTimersByTime(MARK_HOLD_MS);
    await turns();
    expect(marks).toEqual([]); // marked only once on the queues

    sends[0].finish();
    await turns();
    expect(sends.map((send) => send.ids)).toEqual([first, more]);
    sends[1].finish();
    await turns();
    expect(marks).toEqual([]); // the first commit's mark is held, and the others' join it
    jest.advanceTimersByTime(MARK_HOLD_MS);
    await turns();
    expect(marks.map((mark) => mark.ids)).toEqual([[...first, ...more]]);
  });

  it('publishes nothing of a rolled-back transaction', async () => {
    const { marks, queued, transaction } = fixture();

    await transaction(2, 'rollback');
    await turns();

    expect(queued).toEqual([]);
    expect(marks).toEqual([]);
  });

  it('leaves the rows unmarked for the sweep when enqueueing fails', async () => {
    const { marks, failures, transaction } = fixture({ failEnqueue: true });

    await transaction(1);
    await turns();

    expect(marks).toEqual([]);
    expect(failures).toHaveLength(1);
  });
});

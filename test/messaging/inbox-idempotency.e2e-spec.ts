import { EventEnvelope, EventName, ServiceName } from '@countyflow/contracts';
import { InboxJobData, inboxJobs, jobOptionsFor, UnrecoverableError } from '@countyflow/messaging';
import { waitFor } from '@countyflow/testing';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { MessagingHarness, orgEvent, ProbeApp } from '../support/messaging-harness';

describe('the inbox: an event delivered more than once has its effect once', () => {
  let harness: MessagingHarness;
  let sut: ProbeApp;
  let queue: Queue<InboxJobData>;

  beforeAll(async () => {
    harness = await MessagingHarness.create();
    sut = await harness.startApp();
    queue = harness.inboxQueue();
  });

  afterAll(() => harness.stop());

  const envelope = (data = orgEvent()): EventEnvelope => ({
    id: randomUUID(),
    name: EventName.OrgVerified,
    data,
    producer: ServiceName.Identity,
    occurredAt: new Date().toISOString(),
    correlationId: null,
    causationId: null,
  });

  /** Inbox transactions waiting for another one's processed_event row. */
  const inboxLockWaiters = () =>
    harness.count(
      'pg_stat_activity',
      `datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INTO processed_event%'`,
    );

  it('handles the same envelope enqueued twice under different job ids once', async () => {
    const event = envelope();
    const first = await queue.add(event.name, event, jobOptionsFor(event.name, sut.config, `${event.id}-a`));
    const second = await queue.add(event.name, event, jobOptionsFor(event.name, sut.config, `${event.id}-b`));

    const outcomes = await waitFor(
      async () => {
        const jobs = await Promise.all([queue.getJob(first.id!), queue.getJob(second.id!)]);
        const values = jobs.map((job) => job?.returnvalue as string | undefined);
        return values.every(Boolean) && values;
      },
      { what: 'both jobs to complete' },
    );

    expect(outcomes.sort()).toEqual(['duplicate', 'handled']);
    expect(await harness.count('probe_effect', 'event_id = $1', [event.id])).toBe(1);
    expect(await harness.count('processed_event', 'event_id = $1', [event.id])).toBe(1);
    expect(sut.probe.attemptsOf(event.id)).toBe(1); // the duplicate never reached the handler
  });

  it('handles the same envelope once when InboxWorker.handle runs for it concurrently', async () => {
    const event = envelope();
    let release!: () => void;
    sut.probe.hold = new Promise<void>((resolve) => (release = resolve));
    const racers = 5;
    const outcomes = Promise.all(Array.from({ length: racers }, () => sut.worker.handle(event)));
    try {
      // one handler holds its inbox transaction open; every other delivery is parked on its processed_event row
      await waitFor(
        async () => {
          return (await inboxLockWaiters()) === racers - 1;
        },
        { what: `${racers - 1} deliveries to wait on the first one's inbox row` },
      );
      expect(sut.probe.attemptsOf(event.id)).toBe(1);
    } finally {
      sut.probe.hold = undefined;
      release();
    }

    expect((await outcomes).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'handled']);
    expect(await harness.count('probe_effect', 'event_id = $1', [event.id])).toBe(1);
    expect(sut.probe.attemptsOf(event.id)).toBe(1);
  });

  it('runs the handler again when the concurrent first delivery failed, and still has the effect once', async () => {
    const data = orgEvent();
    const event = envelope(data);
    let release!: () => void;
    sut.probe.hold = new Promise<void>((resolve) => (release = resolve));
    let deliveries = 0;
    sut.probe.failures.set(data.orgId, () => (++deliveries === 1 ? new Error('first delivery fails') : undefined));
    const first = sut.worker.handle(event).then(
      () => 'handled',
      (error: Error) => error.message,
    );
    await waitFor(() => Promise.resolve(sut.probe.attemptsOf(event.id) === 1), {
      what: 'the first delivery to reach the handler',
    });
    const second = sut.worker.handle(event);
    await waitFor(async () => (await inboxLockWaiters()) === 1, { what: 'the second delivery to wait on the first' });
    sut.probe.hold = undefined;
    release();

    expect(await first).toBe('first delivery fails');
    expect(await second).toBe('handled');
    expect(await harness.count('probe_effect', 'event_id = $1', [event.id])).toBe(1);
    expect(sut.probe.attemptsOf(event.id)).toBe(2);
  });

  it('handles each event of a job of several on its own: a failed one goes again with its job, the others are duplicates then', async () => {
    const [plain, flaky, poison] = [orgEvent(), orgEvent(), orgEvent()];
    let tries = 0;
    sut.probe.failures.set(flaky.orgId, () => (++tries === 1 ? new Error('transient failure') : undefined));
    sut.probe.failures.set(poison.orgId, () => new UnrecoverableError('a malformed event'));
    const events = [plain, flaky, poison].map((data) => envelope(data));
    const [job] = inboxJobs(events, sut.config);
    expect(job.data).toEqual(events); // one job carries the three

    await queue.add(job.name, job.data, job.opts);
    const failed = await waitFor(
      async () => {
        const found = await queue.getJob(job.opts.jobId!);
        return found && (await found.isFailed()) && found;
      },
      { what: 'the job to end' },
    );

    // first attempt: plain handled, flaky failed (retry), poison dead-lettered at once; second: plain a duplicate,
    // flaky handled, poison refused again — every failure now final, so the job ends without a third attempt
    expect(failed.attemptsMade).toBe(2);
    expect(failed.failedReason).toBe("1 of the job's 3 events failed: a malformed event");
    const [handledPlain, handledFlaky, handledPoison] = events.map((event) => event.id);
    for (const id of [handledPlain, handledFlaky]) {
      expect(await harness.count('probe_effect', 'event_id = $1', [id])).toBe(1);
      expect(await harness.count('processed_event', 'event_id = $1', [id])).toBe(1);
    }
    expect([handledPlain, handledFlaky, handledPoison].map((id) => sut.probe.attemptsOf(id))).toEqual([1, 2, 2]);
    expect(await harness.count('probe_effect', 'event_id = $1', [handledPoison])).toBe(0);
    expect(
      await harness.count('dead_letter', `status = 'dead' AND event_id = ANY ($1)`, [events.map((e) => e.id)]),
    ).toBe(1);
    const [letter] = await harness.rows<{ error: string }>(
      `SELECT error FROM dead_letter WHERE status = 'dead' AND event_id = $1`,
      [handledPoison],
    );
    expect(letter.error).toBe('UnrecoverableError: a malformed event'); // its own error, not the job's summary
  });

  it('sends a handled event again when the relay re-sends its outbox row, without a second effect', async () => {
    const eventId = await sut.verified();
    await waitFor(async () => (await harness.count('probe_effect', 'event_id = $1', [eventId])) === 1, {
      what: 'the event to be handled',
    });
    // as after a relay crash between enqueueing and committing, once the first job is gone (removeOnComplete):
    // the row is unpublished again, and the relay sends it as a new job
    await queue.remove(eventId);
    await harness.sql.query('UPDATE outbox SET published_at = NULL WHERE id = $1', [eventId]);
    await sut.relay.drain();
    expect(await harness.count('outbox', 'id = $1 AND published_at IS NOT NULL', [eventId])).toBe(1);

    const job = await waitFor(
      async () => {
        const found = await queue.getJob(eventId);
        return found?.returnvalue ? found : undefined;
      },
      { what: 're-sent job to complete' },
    );
    expect(job.returnvalue).toBe('duplicate');
    expect(await harness.count('probe_effect', 'event_id = $1', [eventId])).toBe(1);
    expect(sut.probe.attemptsOf(eventId)).toBe(1);
  });

  it('commits a failed attempt’s effects never: the retry that succeeds leaves exactly one', async () => {
    const data = orgEvent();
    let attempts = 0;
    sut.probe.failures.set(data.orgId, () => (++attempts <= 2 ? new Error('transient failure') : undefined));
    const eventId = await sut.verified(data);

    await waitFor(async () => (await harness.count('processed_event', 'event_id = $1', [eventId])) === 1, {
      what: 'the third attempt to succeed',
    });
    expect(sut.probe.attemptsOf(eventId)).toBe(3); // each attempt wrote an effect row; only the last committed
    expect(await harness.count('probe_effect', 'event_id = $1', [eventId])).toBe(1);
    expect(await harness.count('dead_letter', 'event_id = $1', [eventId])).toBe(0);
  });
});

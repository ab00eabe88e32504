import { EventName } from '@countyflow/contracts';
import { waitFor } from '@countyflow/testing';
import { MessagingHarness, orgEvent, ProbeApp } from '../support/messaging-harness';

// a 500-event burst on a busy CI machine can take a while; nothing here asserts on time
jest.setTimeout(120_000);

/** Two copies of the service share one database and one queue prefix, as replicas do. */
describe('relays and workers running side by side', () => {
  let harness: MessagingHarness;
  let first: ProbeApp;
  let second: ProbeApp;

  beforeAll(async () => {
    harness = await MessagingHarness.create();
    // small batches, so that both relays have many sweeps in which to collide
    first = await harness.startApp({ name: 'replica-1', messaging: { relayBatchSize: 25, concurrency: 8 } });
    second = await harness.startApp({ name: 'replica-2', messaging: { relayBatchSize: 25, concurrency: 8 } });
  });

  afterAll(() => harness.stop());

  it('delivers every event of a 500-event burst exactly once in effect', async () => {
    const size = 500;
    // twenty transactions of 25, committed from both replicas at once
    const published = await Promise.all(
      Array.from({ length: 20 }, (_, batch) =>
        (batch % 2 === 0 ? first : second).publish(
          ...Array.from({ length: 25 }, (_, index) => ({
            name: index % 2 === 0 ? EventName.OrgVerified : EventName.OrgSuspended,
            data: orgEvent(),
          })),
        ),
      ),
    );
    const ids = published.flat();
    expect(new Set(ids).size).toBe(size);

    await waitFor(async () => (await harness.count('processed_event', 'event_id = ANY($1)', [ids])) === size, {
      timeoutMs: 90_000,
      what: `all ${size} events to be handled`,
    });
    await waitFor(async () => (await harness.count('outbox', 'id = ANY($1) AND published_at IS NULL', [ids])) === 0, {
      what: 'every outbox row to be marked published',
    });
    const effects = await harness.effects('event_id = ANY($1)', [ids]);
    expect(effects).toHaveLength(size);
    expect(new Set(effects.map((effect) => effect.event_id)).size).toBe(size);
    expect(await harness.duplicatedEffects()).toEqual([]);
    expect(await harness.count('dead_letter')).toBe(0);
  });

  it('skips the rows another relay has claimed, and relays them once that relay lets go', async () => {
    await Promise.all([first.relay.stop(), second.relay.stop()]);
    try {
      const claimed = await first.publish(
        ...Array.from({ length: 5 }, () => ({ name: EventName.OrgVerified, data: orgEvent() })),
      );
      const free = await first.publish(
        ...Array.from({ length: 3 }, () => ({ name: EventName.OrgVerified, data: orgEvent() })),
      );

      // another relay's sweep in flight: it holds row locks on the first five rows
      const runner = harness.sql.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        await runner.query('SELECT id FROM outbox WHERE id = ANY($1) FOR UPDATE', [claimed]);

        // a stopped relay swept by hand makes a fresh Redis connection; a sweep that finds it still connecting
        // fails and rolls back, so ask until one gets through
        const relayed = await waitFor(() => second.relay.sweepOnce(100), { what: 'a sweep by hand to reach Redis' });
        expect(relayed).toBe(3);
        expect(await harness.count('outbox', 'id = ANY($1) AND published_at IS NOT NULL', [free])).toBe(3);
        expect(await harness.count('outbox', 'id = ANY($1) AND published_at IS NULL', [claimed])).toBe(5);

        await runner.rollbackTransaction(); // that relay failed: its rows are free again
      } finally {
        await runner.release();
      }
      expect(await second.relay.sweepOnce(100)).toBe(5);

      const ids = [...claimed, ...free];
      await waitFor(async () => (await harness.count('probe_effect', 'event_id = ANY($1)', [ids])) === ids.length, {
        what: 'all eight events to be handled',
      });
      expect(await harness.duplicatedEffects()).toEqual([]);
    } finally {
      first.relay.start();
      second.relay.start();
    }
  });

  it('still delivers after a relay has been stopped and started again', async () => {
    const eventId = await first.verified();
    await waitFor(async () => (await harness.count('probe_effect', 'event_id = $1', [eventId])) === 1, {
      what: 'the event to be handled by a restarted relay',
    });
  });
});

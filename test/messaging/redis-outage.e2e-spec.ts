import { EventName, MembershipRole } from '@countyflow/contracts';
import { UnrecoverableError } from '@countyflow/messaging';
import { waitFor } from '@countyflow/testing';
import request from 'supertest';
import { MessagingHarness, orgEvent, ProbeApp, RedisServer } from '../support/messaging-harness';

jest.setTimeout(90_000);

/**
 * Runs against a redis-server of its own (never the machine's Redis), killed and restarted on the same port.
 * The restarted server is empty (no persistence), so anything that was only in Redis would be gone: what gets
 * delivered afterwards can only have come from the outbox.
 */
describe('events committed while Redis is down', () => {
  let redis: RedisServer;
  let harness: MessagingHarness;
  let sut: ProbeApp;

  beforeAll(async () => {
    redis = await RedisServer.start();
    harness = await MessagingHarness.create({ env: { REDIS_URL: redis.url } });
    sut = await harness.startApp();
  });

  afterAll(async () => {
    await redis.start().catch(() => undefined); // so that the apps close cleanly
    await harness?.stop();
    await redis?.kill();
  });

  const burst = (size: number) =>
    Array.from({ length: size }, (_, index) => ({
      name: index % 2 === 0 ? EventName.OrgVerified : EventName.OrgSuspended,
      data: orgEvent(),
    }));

  async function expectHeldInOutbox(ids: string[]): Promise<void> {
    const failuresBefore = await sut.relayFailures();
    // the relay has tried (and failed) at least twice since the commit: it had its chance to lose them
    await waitFor(async () => (await sut.relayFailures()) >= failuresBefore + 2, {
      what: 'the relay to fail against the dead Redis',
    });
    expect(await harness.count('outbox', 'id = ANY($1) AND published_at IS NULL', [ids])).toBe(ids.length);
    expect(await harness.count('probe_effect', 'event_id = ANY($1)', [ids])).toBe(0);
    expect(await harness.count('processed_event', 'event_id = ANY($1)', [ids])).toBe(0);
  }

  async function expectDeliveredOnce(ids: string[]): Promise<void> {
    await waitFor(async () => (await harness.count('probe_effect', 'event_id = ANY($1)', [ids])) >= ids.length, {
      timeoutMs: 30_000,
      what: `all ${ids.length} events to be handled after Redis came back`,
    });
    await waitFor(async () => (await harness.count('outbox', 'id = ANY($1) AND published_at IS NULL', [ids])) === 0, {
      what: 'the outbox rows to be marked published',
    });
    const effects = await harness.effects('event_id = ANY($1)', [ids]);
    expect(effects.map((effect) => effect.event_id).sort()).toEqual([...ids].sort());
    expect(await harness.count('processed_event', 'event_id = ANY($1)', [ids])).toBe(ids.length);
    expect(await harness.duplicatedEffects()).toEqual([]);
  }

  it('keeps events in the outbox while Redis is down and delivers each once when it is back (relay never reached Redis before)', async () => {
    await redis.kill();

    const ids = await sut.publish(...burst(20));
    await expectHeldInOutbox(ids);

    await redis.start();
    await expectDeliveredOnce(ids);
  });

  it('does the same when Redis dies after the relay and worker have been delivering', async () => {
    const before = await sut.verified();
    await waitFor(async () => (await harness.count('probe_effect', 'event_id = $1', [before])) === 1, {
      what: 'an event to go through while Redis is up',
    });

    await redis.kill();
    const ids = [...(await sut.publish(...burst(10))), ...(await sut.publish(...burst(15)))];
    await expectHeldInOutbox(ids);

    await redis.start();
    await expectDeliveredOnce(ids);
    expect(await harness.count('probe_effect', 'event_id = $1', [before])).toBe(1);
  });

  it('answers a dead-letter replay with 503 while Redis is down, keeps the letter, and replays it once Redis is back', async () => {
    const data = orgEvent();
    let fixed = false;
    sut.probe.failures.set(data.orgId, () => (fixed ? undefined : new UnrecoverableError('broken')));
    const eventId = await sut.verified(data);
    const letter = await waitFor(
      async () =>
        (
          await harness.rows<{ id: string }>(`SELECT id FROM dead_letter WHERE event_id = $1 AND status = 'dead'`, [
            eventId,
          ])
        )[0],
      { what: 'the event to be dead-lettered' },
    );
    fixed = true;
    const admin = `Bearer ${sut.token(MembershipRole.PlatformAdmin)}`;

    await redis.kill();
    const refused = await request(sut.url).post(`/admin/dead-letters/${letter.id}/replay`).set('authorization', admin);
    // the auth guard (token revocation lives in Redis) or the replay itself says so; either way nothing changed
    expect(refused.status).toBe(503);
    await expect(sut.deadLetters.replay(letter.id)).rejects.toMatchObject({ status: 503 });
    expect(await harness.count('dead_letter', `id = $1 AND status = 'dead' AND replay_count = 0`, [letter.id])).toBe(1);

    await redis.start();
    await waitFor(
      async () =>
        (await request(sut.url).post(`/admin/dead-letters/${letter.id}/replay`).set('authorization', admin)).status ===
        202,
      { what: 'the replay to be accepted once Redis is back' },
    );
    await waitFor(async () => (await harness.count('probe_effect', 'event_id = $1', [eventId])) === 1, {
      what: 'the replayed event to be handled',
    });
  });
});

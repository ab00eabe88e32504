import { EventName, MembershipRole } from '@countyflow/contracts';
import { DeadLetterStatus, UnrecoverableError } from '@countyflow/messaging';
import { waitFor } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { MessagingHarness, orgEvent, ProbeApp } from '../support/messaging-harness';

interface DeadLetterBody {
  id: string;
  eventId: string;
  name: string;
  error: string;
  attempts: number;
  status: DeadLetterStatus;
  replayCount: number;
  failedAt: string;
  replayedAt: string | null;
  envelope: { id: string; name: string; data: { orgId: string } };
}

describe('dead letters', () => {
  let harness: MessagingHarness;
  let sut: ProbeApp;
  let admin: string;

  beforeAll(async () => {
    harness = await MessagingHarness.create(); // EVENT_MAX_ATTEMPTS = 3
    sut = await harness.startApp();
    admin = sut.token(MembershipRole.PlatformAdmin);
  });

  afterAll(() => harness.stop());

  const openLetter = (eventId: string) =>
    waitFor(
      async () => {
        const letters = await harness.rows<{ id: string; attempts: number; error: string; status: string }>(
          `SELECT id, attempts, error, status FROM dead_letter WHERE event_id = $1 AND status = 'dead'`,
          [eventId],
        );
        return letters[0];
      },
      { what: `event ${eventId} to be dead-lettered` },
    );

  const listed = async (query: Record<string, string> = {}): Promise<DeadLetterBody[]> =>
    (await request(sut.url).get('/admin/dead-letters').query(query).set('authorization', `Bearer ${admin}`).expect(200))
      .body as DeadLetterBody[];

  describe('a handler that keeps failing', () => {
    const data = orgEvent();
    let broken = true;
    let eventId: string;
    let letterId: string;

    beforeAll(async () => {
      sut.probe.failures.set(data.orgId, () =>
        broken ? new Error(`seller store unavailable for ${data.orgId}`) : undefined,
      );
      eventId = await sut.verified(data);
      letterId = (await openLetter(eventId)).id;
    });

    it(`is dead-lettered after EVENT_MAX_ATTEMPTS attempts, with its last error, and has no effect`, async () => {
      const [letter] = await harness.rows<{ attempts: number; error: string; name: string; status: string }>(
        'SELECT * FROM dead_letter WHERE id = $1',
        [letterId],
      );
      expect(letter).toMatchObject({
        attempts: 3,
        name: EventName.OrgVerified,
        status: 'dead',
        error: `Error: seller store unavailable for ${data.orgId}`,
        envelope: expect.objectContaining({ id: eventId }),
      });
      expect(sut.probe.attemptsOf(eventId)).toBe(3);
      expect(await harness.count('probe_effect', 'event_id = $1', [eventId])).toBe(0);
      expect(await harness.count('processed_event', 'event_id = $1', [eventId])).toBe(0);
    });

    it('is listed for platform admins only', async () => {
      await request(sut.url).get('/admin/dead-letters').expect(401);
      await request(sut.url)
        .get('/admin/dead-letters')
        .set('authorization', `Bearer ${sut.token(MembershipRole.CountyStaff, MembershipRole.Owner)}`)
        .expect(403);
      await request(sut.url).post(`/admin/dead-letters/${letterId}/replay`).expect(401);
      await request(sut.url)
        .post(`/admin/dead-letters/${letterId}/replay`)
        .set('authorization', `Bearer ${sut.token(MembershipRole.Staff)}`)
        .expect(403);

      const letters = await listed();
      expect(letters.find((letter) => letter.id === letterId)).toMatchObject({
        eventId,
        name: EventName.OrgVerified,
        status: DeadLetterStatus.Dead,
        attempts: 3,
        replayCount: 0,
        replayedAt: null,
        error: expect.stringContaining('seller store unavailable'),
        envelope: { id: eventId, name: EventName.OrgVerified, data: expect.objectContaining({ orgId: data.orgId }) },
      });
      expect((await listed({ status: DeadLetterStatus.Replayed })).map((letter) => letter.id)).not.toContain(letterId);
      // the letter is still there, unchanged, after the refused replays
      expect((await listed({ status: DeadLetterStatus.Dead })).map((letter) => letter.id)).toContain(letterId);
    });

    it('refuses a bad filter and an unknown or malformed id', async () => {
      await request(sut.url)
        .get('/admin/dead-letters')
        .query({ status: 'zombie' })
        .set('authorization', `Bearer ${admin}`)
        .expect(400);
      await request(sut.url)
        .post(`/admin/dead-letters/${randomUUID()}/replay`)
        .set('authorization', `Bearer ${admin}`)
        .expect(404);
      await request(sut.url)
        .post('/admin/dead-letters/not-a-uuid/replay')
        .set('authorization', `Bearer ${admin}`)
        .expect(400);
    });

    it('succeeds on replay once the handler is fixed, and cannot be replayed twice', async () => {
      broken = false;
      const attemptsBefore = sut.probe.attemptsOf(eventId);

      const replayed = await request(sut.url)
        .post(`/admin/dead-letters/${letterId}/replay`)
        .set('authorization', `Bearer ${admin}`)
        .expect(202);
      expect(replayed.body).toMatchObject({ id: letterId, status: DeadLetterStatus.Replayed, replayCount: 1 });
      expect(replayed.body.replayedAt).toEqual(expect.any(String));

      await waitFor(async () => (await harness.count('probe_effect', 'event_id = $1', [eventId])) === 1, {
        what: 'the replayed event to be handled',
      });
      expect(await harness.count('processed_event', 'event_id = $1', [eventId])).toBe(1);
      expect(sut.probe.attemptsOf(eventId)).toBe(attemptsBefore + 1);

      await request(sut.url)
        .post(`/admin/dead-letters/${letterId}/replay`)
        .set('authorization', `Bearer ${admin}`)
        .expect(409);
      expect(await harness.count('dead_letter', `event_id = $1 AND status = 'dead'`, [eventId])).toBe(0);
      expect((await listed({ status: DeadLetterStatus.Replayed })).map((letter) => letter.id)).toContain(letterId);
    });
  });

  it('dead-letters an UnrecoverableError at once, after a single attempt', async () => {
    const data = orgEvent();
    sut.probe.failures.set(data.orgId, () => new UnrecoverableError('credit code revoked'));
    const eventId = await sut.verified(data);

    const letter = await openLetter(eventId);
    expect(letter).toMatchObject({ attempts: 1, error: 'UnrecoverableError: credit code revoked' });
    expect(sut.probe.attemptsOf(eventId)).toBe(1);
    expect(await harness.count('probe_effect', 'event_id = $1', [eventId])).toBe(0);
  });

  it('dead-letters a replayed event again when its handler is still broken', async () => {
    const data = orgEvent();
    let fixed = false;
    sut.probe.failures.set(data.orgId, () => (fixed ? undefined : new UnrecoverableError('still broken')));
    const eventId = await sut.verified(data);
    const first = await openLetter(eventId);

    await request(sut.url)
      .post(`/admin/dead-letters/${first.id}/replay`)
      .set('authorization', `Bearer ${admin}`)
      .expect(202);

    const second = await openLetter(eventId);
    expect(second.id).not.toBe(first.id);
    expect(sut.probe.attemptsOf(eventId)).toBe(2);
    const letters = (await listed()).filter((letter) => letter.eventId === eventId);
    expect(letters.map((letter) => [letter.id, letter.status]).sort()).toEqual(
      [
        [first.id, DeadLetterStatus.Replayed],
        [second.id, DeadLetterStatus.Dead],
      ].sort(),
    );

    fixed = true;
    await request(sut.url)
      .post(`/admin/dead-letters/${second.id}/replay`)
      .set('authorization', `Bearer ${admin}`)
      .expect(202);
    await waitFor(async () => (await harness.count('probe_effect', 'event_id = $1', [eventId])) === 1, {
      what: 'the second replay to be handled',
    });
    expect(await harness.count('dead_letter', `event_id = $1 AND status = 'dead'`, [eventId])).toBe(0);
  });

  it('replays one letter once when two admins press replay at the same moment', async () => {
    const data = orgEvent();
    let fixed = false;
    sut.probe.failures.set(data.orgId, () => (fixed ? undefined : new UnrecoverableError('broken')));
    const eventId = await sut.verified(data);
    const letter = await openLetter(eventId);
    fixed = true;

    const statuses = await Promise.all(
      Array.from(
        { length: 4 },
        async () =>
          (
            await request(sut.url)
              .post(`/admin/dead-letters/${letter.id}/replay`)
              .set('authorization', `Bearer ${admin}`)
          ).status,
      ),
    );

    expect(statuses.sort()).toEqual([202, 409, 409, 409]);
    await waitFor(async () => (await harness.count('processed_event', 'event_id = $1', [eventId])) === 1, {
      what: 'the replay to be handled',
    });
    const [{ replay_count }] = await harness.rows<{ replay_count: number }>(
      'SELECT replay_count FROM dead_letter WHERE id = $1',
      [letter.id],
    );
    expect(replay_count).toBe(1);
    expect(await harness.count('probe_effect', 'event_id = $1', [eventId])).toBe(1);
  });
});

import { EventName } from '@countyflow/contracts';
import { RequestContext } from '@countyflow/kernel';
import { waitFor } from '@countyflow/testing';
import request from 'supertest';
import { inRolledBackTransaction, MessagingHarness, orgEvent, ProbeApp } from '../support/messaging-harness';

describe('the transactional outbox', () => {
  let harness: MessagingHarness;
  let sut: ProbeApp;

  beforeAll(async () => {
    harness = await MessagingHarness.create();
    sut = await harness.startApp();
  });

  afterAll(() => harness.stop());

  const delivered = (eventId: string) =>
    waitFor(async () => (await harness.effects('event_id = $1', [eventId]))[0], {
      what: `event ${eventId} to be handled`,
    });

  it('never delivers an event whose transaction rolled back', async () => {
    const rolledBack = orgEvent();
    const rolledBackId = await inRolledBackTransaction(sut.dataSource, (manager) =>
      sut.publisher.publish(manager, EventName.OrgVerified, rolledBack),
    );
    // events are relayed in commit order, so once a later event has been handled the relay has been past this point
    const marker = await sut.verified();
    await delivered(marker);
    await sut.relay.drain();

    expect(await harness.count('outbox', 'id = $1', [rolledBackId])).toBe(0);
    expect(await harness.effects('org_id = $1', [rolledBack.orgId])).toEqual([]);
    expect(await harness.count('processed_event', 'event_id = $1', [rolledBackId])).toBe(0);
    expect(await harness.queuedEventIds()).not.toContain(rolledBackId);
    expect(sut.probe.attemptsOf(rolledBackId)).toBe(0);
  });

  it('does not relay an event while its transaction is still open, and never after it rolls back', async () => {
    const runner = sut.dataSource.createQueryRunner();
    await runner.connect();
    const pending = orgEvent();
    let pendingId: string;
    try {
      await runner.startTransaction();
      pendingId = await sut.publisher.publish(runner.manager, EventName.OrgVerified, pending);

      const marker = await sut.verified();
      await delivered(marker);
      await sut.relay.drain();
      expect(await harness.count('outbox', 'id = $1', [pendingId])).toBe(0); // invisible to everyone else

      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    const after = await sut.verified();
    await delivered(after);
    await sut.relay.drain();

    expect(await harness.count('outbox', 'id = $1', [pendingId])).toBe(0);
    expect(await harness.effects('org_id = $1', [pending.orgId])).toEqual([]);
    expect(sut.probe.attemptsOf(pendingId)).toBe(0);
  });

  it('delivers every event of a committed transaction, and marks the outbox rows published', async () => {
    const events = [orgEvent(), orgEvent(), orgEvent()];
    const ids = await sut.publish(...events.map((data) => ({ name: EventName.OrgVerified, data })));

    await waitFor(async () => (await harness.count('probe_effect', 'event_id = ANY($1)', [ids])) === 3, {
      what: 'all three events to be handled',
    });
    await waitFor(async () => (await harness.count('outbox', 'id = ANY($1) AND published_at IS NULL', [ids])) === 0, {
      what: 'the outbox rows to be marked published',
    });
    const effects = await harness.effects('event_id = ANY($1)', [ids]);
    expect(effects.map((effect) => effect.org_id).sort()).toEqual(events.map((event) => event.orgId).sort());
  });

  it('writes several events in one statement with publishMany, in the order given, each delivered once', async () => {
    const events = [orgEvent(), orgEvent(), orgEvent()];
    const ids = await RequestContext.run({ requestId: 'r-many' }, () =>
      sut.dataSource.transaction((manager) => sut.publisher.publishMany(manager, EventName.OrgVerified, events)),
    );
    expect(new Set(ids).size).toBe(3);

    const rows = await harness.rows<{ id: string; org_id: string; correlation_id: string }>(
      `SELECT id, payload->>'orgId' AS org_id, correlation_id FROM outbox WHERE id = ANY($1) ORDER BY seq`,
      [ids],
    );
    expect(rows).toEqual(ids.map((id, index) => ({ id, org_id: events[index].orgId, correlation_id: 'r-many' })));
    await waitFor(async () => (await harness.count('probe_effect', 'event_id = ANY($1)', [ids])) === 3, {
      what: 'all three events to be handled',
    });
    expect(await harness.duplicatedEffects()).toEqual([]);
    await expect(sut.publisher.publishMany(sut.dataSource.manager, EventName.OrgVerified, events)).rejects.toThrow(
      /must be published inside a transaction/,
    );
  });

  it('refuses to publish outside a transaction', async () => {
    await expect(sut.publisher.publish(sut.dataSource.manager, EventName.OrgVerified, orgEvent())).rejects.toThrow(
      /org\.verified must be published inside a transaction/,
    );
  });

  describe('correlation', () => {
    it('carries the request id of the publisher as correlationId and runs the handler under it', async () => {
      const eventId = await RequestContext.run({ requestId: 'r-1' }, () => sut.verified());

      const [outboxRow] = await harness.rows<{ correlation_id: string | null; causation_id: string | null }>(
        'SELECT correlation_id, causation_id FROM outbox WHERE id = $1',
        [eventId],
      );
      expect(outboxRow).toEqual({ correlation_id: 'r-1', causation_id: null });

      const effect = await delivered(eventId);
      expect(effect).toMatchObject({ correlation_id: 'r-1', request_id: 'r-1', causation_id: eventId });
      const envelope = sut.probe.attempts.find((event) => event.id === eventId);
      expect(envelope).toMatchObject({ correlationId: 'r-1', causationId: null, producer: 'catalog' });
    });

    it('takes the correlationId from the HTTP request id', async () => {
      const orgId = orgEvent().orgId;
      const response = await request(sut.url)
        .post(`/probe/${orgId}/verify`)
        .set('x-request-id', 'req-http-7')
        .expect(202);

      const effect = await delivered(response.body.eventId);
      expect(effect).toMatchObject({ org_id: orgId, correlation_id: 'req-http-7', request_id: 'req-http-7' });
    });

    it("gives an event published by a handler the handled event's id as causationId, and the same correlationId", async () => {
      const data = orgEvent();
      sut.probe.chained.add(data.orgId);
      const causeId = await RequestContext.run({ requestId: 'r-1' }, () => sut.verified(data));

      const effect = await waitFor(
        async () => (await harness.effects('org_id = $1 AND name = $2', [data.orgId, EventName.OrgSuspended]))[0],
        { what: 'the chained org.suspended to be handled' },
      );
      expect(effect.event_id).not.toBe(causeId);
      const [outboxRow] = await harness.rows<{ correlation_id: string | null; causation_id: string | null }>(
        'SELECT correlation_id, causation_id FROM outbox WHERE id = $1',
        [effect.event_id],
      );
      expect(outboxRow).toEqual({ correlation_id: 'r-1', causation_id: causeId });
      expect(sut.probe.attempts.find((event) => event.id === effect.event_id)).toMatchObject({
        correlationId: 'r-1',
        causationId: causeId,
      });
      expect(effect).toMatchObject({ request_id: 'r-1', correlation_id: 'r-1' });
    });
  });
});

import { waitFor } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { MessagingHarness, ProbeApp } from '../support/messaging-harness';

jest.setTimeout(120_000);

/**
 * SERVICE_ROLE splits one service into processes that serve requests (api) and processes that relay and handle
 * its events (worker). The poll is set to a minute, so an event can only reach the worker because the api process
 * publishes what it commits itself (the relay's fast path; an api process never sweeps).
 */
describe('an api process beside a worker process (SERVICE_ROLE)', () => {
  let harness: MessagingHarness;
  let api: ProbeApp;
  let worker: ProbeApp;

  beforeAll(async () => {
    harness = await MessagingHarness.create({ env: { OUTBOX_POLL_INTERVAL_MS: '60000' } });
    api = await harness.startApp({ name: 'api', env: { SERVICE_ROLE: 'api' } });
    worker = await harness.startApp({ name: 'worker', env: { SERVICE_ROLE: 'worker' } });
  });

  afterAll(() => harness.stop());

  it('serves the request in the api process and handles its event in the worker, published by the api process', async () => {
    const orgId = randomUUID();
    const response = await fetch(`${api.url}/probe/${orgId}/verify`, { method: 'POST' });
    expect(response.status).toBe(202);
    const { eventId } = (await response.json()) as { eventId: string };

    await waitFor(async () => (await harness.effects('event_id = $1', [eventId])).length === 1, {
      timeoutMs: 30_000,
      what: 'the worker to handle the event the api process published',
    });
    const [effect] = await harness.effects('event_id = $1', [eventId]);
    expect(effect).toMatchObject({ app: 'worker', org_id: orgId });
    expect(api.probe.attempts).toHaveLength(0);
    expect(await harness.count('outbox', 'id = $1 AND published_at IS NOT NULL', [eventId])).toBe(1);
  });

  it('answers only health, readiness and metrics in the worker process', async () => {
    expect((await fetch(`${worker.url}/health`)).status).toBe(200);
    expect((await fetch(`${worker.url}/ready`)).status).toBe(200);
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);

    const refused = await fetch(`${worker.url}/probe/${randomUUID()}/verify`, { method: 'POST' });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ code: 'not-found' });
    expect(await harness.count('outbox')).toBe(1);
  });
});

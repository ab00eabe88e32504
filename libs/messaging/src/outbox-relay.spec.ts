import { EventName, ServiceName } from '@countyflow/contracts';
import { CommonConfig } from '@countyflow/kernel';
import { RETRY_OVERRIDES } from './messaging.options';
import { jobOptionsFor, toEnvelope } from './outbox-relay';

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

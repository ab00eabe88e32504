import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * How often the event-loop-delay histogram behind `nodejs_eventloop_lag_*` samples, in ms. prom-client's default
 * of 10 ms wakes every process a hundred times a second: on the 2-core machines that was ~9 ms of CPU per second
 * per idle process, most of what nine idle processes burnt (docs/performance.md, "Idle CPU"). A stall still shows in
 * full — the late timer measures it — at a tenth of the wakeups.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

/** One Prometheus registry per app (not the global one, so that tests can run several apps in one process). */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly outboxPublished = new Counter({
    name: 'outbox_events_published_total',
    help: 'Events moved from the outbox to their inbox queues',
    labelNames: ['event'],
    registers: [this.registry],
  });

  readonly outboxRelayFailures = new Counter({
    name: 'outbox_relay_failures_total',
    help: 'Relay sweeps that failed (Redis or PostgreSQL unreachable) and will be retried',
    registers: [this.registry],
  });

  readonly outboxPending = new Gauge({
    name: 'outbox_events_pending',
    help: 'Outbox rows not yet relayed, as of the last sweep',
    registers: [this.registry],
  });

  readonly eventsHandled = new Counter({
    name: 'queue_events_handled_total',
    help: 'Inbox events by outcome: handled, duplicate (already handled), failed (will retry), dead (dead-lettered)',
    labelNames: ['event', 'outcome'],
    registers: [this.registry],
  });

  readonly taskRounds = new Counter({
    name: 'scheduled_task_rounds_total',
    help: 'Rounds of scheduled tasks run in this process (scheduled or nudged), by task and outcome: ok, failed',
    labelNames: ['task', 'outcome'],
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }
}

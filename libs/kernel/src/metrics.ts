import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
    collectDefaultMetrics({ register: this.registry });
  }
}

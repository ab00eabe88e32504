import { EventEnvelope, EventName, ServiceName } from '@countyflow/contracts';
import { activeTraceFields, CommonConfig, Metrics, SpanKind, Tracing } from '@countyflow/kernel';
import { DeadLetterService, EventPublisher, HandlerRegistry, InboxWorker } from '@countyflow/messaging';
import { withTransaction } from '@countyflow/persistence';
import { ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';

/*
 * What tracing costs on the hot path, off and on. A "request" is what a checkout does around its SQL: a server
 * span, a transaction, an outbox publish; an "event" is what the inbox does around a handler: a consumer span, a
 * transaction with its processed_event row, and the handler publishing the next event. The platform's own classes
 * run (Tracing, withTransaction, EventPublisher, InboxWorker) over a PostgreSQL that answers at once, so the
 * figures are the tracing's overhead per unit of work, not a throughput of the platform. "on" exports over
 * OTLP/HTTP to a collector in a child process that discards what it gets (the export's serialising and sending
 * run in this process, as in a service).
 */

export interface TracingModeFigures {
  requestMicros: number;
  eventMicros: number;
  /** The log mixin's trace lookup per log line. */
  logFieldsNanos: number;
}

export interface TracingBenchResult {
  iterations: number;
  off: TracingModeFigures;
  on: TracingModeFigures;
  /** Extra time per request and per event with tracing on (3 spans each). */
  overheadMicros: { request: number; event: number };
  machine: { cpus: number; loadAverageBefore: number; loadAverageAfter: number };
}

const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

const instantManager = {
  queryRunner: { isTransactionActive: true },
  query: (sql: string, params: unknown[]) =>
    Promise.resolve(sql.includes('processed_event') ? [{ event_id: params[0] }] : []),
} as unknown as EntityManager;

const instantDataSource = (schema: string) =>
  ({
    options: { schema },
    transaction: (work: (manager: EntityManager) => Promise<unknown>) => work(instantManager),
  }) as unknown as DataSource;

/** A collector in a child process that answers every export with an empty success. */
async function startSink(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `require('http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('{}')); })
         .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<string>((resolve) =>
    child.stdout.once('data', (data: Buffer) => resolve(String(data).trim())),
  );
  return { url: `http://127.0.0.1:${port}/v1/traces`, child };
}

async function measure(tracing: Tracing, iterations: number): Promise<TracingModeFigures> {
  const orders = new EventPublisher(instantDataSource(ServiceName.Orders));
  const catalog = new EventPublisher(instantDataSource(ServiceName.Catalog));
  const registry = {
    handlerFor:
      () =>
      (_data: unknown, { manager }: { manager: EntityManager }) =>
        catalog.publish(manager, EventName.StockReserved, {} as never),
  } as unknown as HandlerRegistry;
  const noop = () => undefined;
  const inbox = new InboxWorker(
    instantDataSource(ServiceName.Catalog),
    registry,
    {} as DeadLetterService,
    { serviceRole: 'all' } as CommonConfig,
    { eventsHandled: { inc: noop } } as unknown as Metrics,
    { service: ServiceName.Catalog },
    { warn: noop, error: noop } as unknown as Logger,
    tracing,
    catalog,
  );
  const request = () =>
    tracing.run('POST /checkout', { kind: SpanKind.SERVER, parent: null }, () =>
      withTransaction(instantDataSource(ServiceName.Orders), (manager) =>
        orders.publish(manager, EventName.OrderPlaced, {} as never),
      ),
    );
  const event = (at: number) => {
    const envelope: EventEnvelope = {
      id: `00000000-0000-4000-8000-${String(at).padStart(12, '0')}`,
      name: EventName.OrderPlaced,
      data: {} as never,
      producer: ServiceName.Orders,
      occurredAt: new Date().toISOString(),
      correlationId: null,
      causationId: null,
      traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    return inbox.handle(envelope);
  };
  const time = async (work: (at: number) => Promise<unknown>): Promise<number> => {
    for (let at = 0; at < iterations / 10; at += 1) {
      await work(at); // warm up
    }
    const started = performance.now();
    for (let at = 0; at < iterations; at += 1) {
      await work(at);
    }
    return ((performance.now() - started) * 1000) / iterations;
  };
  const requestMicros = await time(request);
  const eventMicros = await time(event);
  const lines = iterations * 10;
  let fields = 0;
  const logFieldsNanos = await tracing.run('log', {}, () => {
    const started = performance.now();
    for (let at = 0; at < lines; at += 1) {
      fields += Object.keys(activeTraceFields()).length;
    }
    return Promise.resolve(((performance.now() - started) * 1e6) / lines);
  });
  // on, every line got trace_id and span_id; off, none did
  if (fields !== (tracing.enabled ? 2 * lines : 0)) {
    throw new Error(`the log fields were not what tracing ${tracing.enabled ? 'on' : 'off'} gives (${fields})`);
  }
  return {
    requestMicros: round(requestMicros),
    eventMicros: round(eventMicros),
    logFieldsNanos: round(logFieldsNanos),
  };
}

export async function runTracingBench(
  options: { iterations?: number; log?: (line: string) => void } = {},
): Promise<TracingBenchResult> {
  const iterations = options.iterations ?? 20_000;
  const log = options.log ?? (() => undefined);
  const loadAverageBefore = round(loadavg()[0], 1);
  const sink = await startSink();
  try {
    const enabled = Tracing.create('bench', { endpoint: sink.url, exportDelayMs: 200 });
    // alternate the modes so that a change in the machine's load hits both alike; keep each mode's best
    const runs: Record<'off' | 'on', TracingModeFigures[]> = { off: [], on: [] };
    for (let pass = 0; pass < 3; pass += 1) {
      runs.off.push(await measure(Tracing.off, iterations));
      runs.on.push(await measure(enabled, iterations));
      log(`pass ${pass + 1}: off ${JSON.stringify(runs.off.at(-1))}, on ${JSON.stringify(runs.on.at(-1))}`);
    }
    await enabled.shutdown();
    const best = (list: TracingModeFigures[]): TracingModeFigures => ({
      requestMicros: Math.min(...list.map((item) => item.requestMicros)),
      eventMicros: Math.min(...list.map((item) => item.eventMicros)),
      logFieldsNanos: Math.min(...list.map((item) => item.logFieldsNanos)),
    });
    const off = best(runs.off);
    const on = best(runs.on);
    const result: TracingBenchResult = {
      iterations,
      off,
      on,
      overheadMicros: {
        request: round(on.requestMicros - off.requestMicros),
        event: round(on.eventMicros - off.eventMicros),
      },
      machine: { cpus: availableParallelism(), loadAverageBefore, loadAverageAfter: round(loadavg()[0], 1) },
    };
    return result;
  } finally {
    sink.child.kill();
  }
}

export function tracingMarkdown(result: TracingBenchResult): string {
  return [
    '| per unit of work | tracing off | tracing on (OTLP) | extra |',
    '|---|---|---|---|',
    `| request: server span, transaction, outbox publish | ${result.off.requestMicros} µs | ${result.on.requestMicros} µs | ${result.overheadMicros.request} µs |`,
    `| event: consumer span, transaction, handler's publish | ${result.off.eventMicros} µs | ${result.on.eventMicros} µs | ${result.overheadMicros.event} µs |`,
    `| a log line's trace fields | ${result.off.logFieldsNanos} ns | ${result.on.logFieldsNanos} ns | |`,
    '',
    `${result.iterations} of each per pass, best of 3 alternating passes; ${result.machine.cpus} CPUs, load average ` +
      `${result.machine.loadAverageBefore} before and ${result.machine.loadAverageAfter} after (figures from a loaded ` +
      'machine are indicative only). PostgreSQL is replaced by an instant fake: the figures are the overhead alone.',
  ].join('\n');
}

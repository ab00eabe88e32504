import { EventEnvelope, EventName, inboxQueueName, ServiceName } from '@countyflow/contracts';
import { CommonConfig, Metrics, SpanKind, Tracing } from '@countyflow/kernel';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetterService } from './dead-letter.service';
import { EventPublisher } from './event-publisher';
import { HandlerRegistry } from './handler-registry';
import { envelopesOf, InboxJobData } from './inbox-job';
import { InboxWorker } from './inbox-worker';
import { MessagingOptions } from './messaging.options';
import { BatchEventContext } from './on-event.decorator';
import { OutboxRelay } from './outbox-relay';

/*
 * The trace of a request travels with its events: the publisher stores its span's traceparent in the outbox row,
 * the relay's span (its child) rides on the envelope, and the consumer's handler span is the relay span's child;
 * an event its handler publishes goes on in the same trace. Fakes stand in for PostgreSQL and Redis; the spans are
 * the SDK's, collected in memory.
 */

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/;
const config = { eventMaxAttempts: 3, eventBackoffMs: 10, serviceRole: 'all' } as CommonConfig;
const metrics = { outboxPublished: { inc: () => undefined }, eventsHandled: { inc: () => undefined } };
const logger = { warn: () => undefined, error: () => undefined } as unknown as Logger;

interface OutboxInsert {
  id: string;
  name: EventName;
  traceParent: string | null;
}

/** An open transaction's manager that records the outbox rows written through it. */
function outboxManager(rows: OutboxInsert[]): EntityManager {
  return {
    queryRunner: { isTransactionActive: true },
    query: (sql: string, params: unknown[]) => {
      if (sql.includes('INSERT INTO outbox') && Array.isArray(params[0])) {
        // a batch's rows (publishPrepared): one array per column
        const [ids, names, , , , traceParents] = params as [string[], EventName[], unknown, unknown, unknown, string[]];
        rows.push(...ids.map((id, at) => ({ id, name: names[at], traceParent: traceParents[at] })));
      } else if (sql.includes('INSERT INTO outbox')) {
        rows.push({ id: params[0] as string, name: params[1] as EventName, traceParent: params[5] as string | null });
      }
      if (sql.includes('INSERT INTO processed_event')) {
        const ids = Array.isArray(params[0]) ? (params[0] as string[]) : [params[0]];
        return Promise.resolve(ids.map((id) => ({ event_id: id })));
      }
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
}

function service(name: ServiceName, exporter: InMemorySpanExporter | undefined) {
  const tracing = exporter ? Tracing.create(name, { exporter, exportDelayMs: 10 }) : Tracing.off;
  const rows: OutboxInsert[] = [];
  const manager = outboxManager(rows);
  const dataSource = {
    options: { schema: name },
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  const publisher = new EventPublisher(dataSource);
  const options: MessagingOptions = { service: name };
  return { tracing, rows, manager, dataSource, publisher, options };
}

type Service = ReturnType<typeof service>;

/** Relays the service's unpublished rows as its relay does, returning the envelopes it queued. */
async function relay(from: Service): Promise<EventEnvelope[]> {
  const queued: EventEnvelope[] = [];
  const rows = from.rows.splice(0).map((row, at) => ({
    seq: String(at + 1),
    id: row.id,
    name: row.name,
    payload: {},
    correlation_id: 'r-1',
    causation_id: null,
    trace_parent: row.traceParent,
    occurred_at: new Date(),
  }));
  const manager = {
    // the sweep's one statement claims the rows (and marks them published)
    query: (sql: string) => Promise.resolve(sql.includes('FOR UPDATE SKIP LOCKED') ? rows : []),
  } as unknown as EntityManager;
  const dataSource = {
    options: { schema: from.options.service },
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  const sut = new OutboxRelay(dataSource, config, metrics as unknown as Metrics, from.options, logger, from.tracing);
  // the queues are Redis's part: the fake keeps what would be enqueued
  Object.assign(sut, {
    queueFor: () => ({
      addBulk: (jobs: { data: InboxJobData }[]) => {
        queued.push(...jobs.flatMap((job) => envelopesOf(job.data)));
        return Promise.resolve();
      },
    }),
  });
  await sut.sweepOnce(200);
  return queued;
}

/** A consumer whose handler for `name` runs `handler` (in the handler's span, with the transaction's manager). */
function consumer(to: Service, name: EventName, handler: (manager: EntityManager) => Promise<void>): InboxWorker {
  const registry = {
    handlerFor: (event: EventName) =>
      event === name ? (_data: unknown, { manager }: { manager: EntityManager }) => handler(manager) : undefined,
  } as unknown as HandlerRegistry;
  return new InboxWorker(
    to.dataSource,
    registry,
    {} as DeadLetterService,
    config,
    metrics as unknown as Metrics,
    to.options,
    logger,
    to.tracing,
    new EventPublisher(to.dataSource),
  );
}

const byName = (spans: ReadableSpan[], name: string): ReadableSpan => {
  const span = spans.find((candidate) => candidate.name === name);
  if (!span) {
    throw new Error(`no span ${name} among ${spans.map((candidate) => candidate.name).join(', ')}`);
  }
  return span;
};
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe('trace propagation through the outbox envelope', () => {
  it('makes the handler of an event, and the event it publishes, part of the trace of the request that caused it', async () => {
    const exporter = new InMemorySpanExporter();
    const orders = service(ServiceName.Orders, exporter);
    const catalog = service(ServiceName.Catalog, exporter);

    // a request in orders publishes order.placed
    await orders.tracing.run('POST /checkout', { kind: SpanKind.SERVER, parent: null }, () =>
      orders.publisher.publish(orders.manager, EventName.OrderPlaced, {} as never),
    );
    expect(orders.rows[0].traceParent).toMatch(TRACEPARENT);

    const [envelope] = await relay(orders);
    expect(envelope.traceParent).toMatch(TRACEPARENT);
    expect(envelope.traceParent).not.toBe(orders.rows[0]?.traceParent);

    // catalog handles it and publishes stock.reserved from its handler
    let handlerTrace: string | null = null;
    const worker = consumer(catalog, EventName.OrderPlaced, async (manager) => {
      handlerTrace = Tracing.activeTraceparent();
      await catalog.publisher.publish(manager, EventName.StockReserved, {} as never);
    });
    await expect(worker.handle(envelope)).resolves.toBe('handled');
    await orders.tracing.flush();
    await catalog.tracing.flush();

    const spans = exporter.getFinishedSpans();
    const request = byName(spans, 'POST /checkout');
    const placed = byName(spans, `publish ${EventName.OrderPlaced}`);
    const relayed = byName(spans, `relay ${EventName.OrderPlaced}`);
    const handled = byName(spans, `handle ${EventName.OrderPlaced}`);
    const reserved = byName(spans, `publish ${EventName.StockReserved}`);
    const traceId = request.spanContext().traceId;
    expect(new Set(spans.map((span) => span.spanContext().traceId))).toEqual(new Set([traceId]));
    expect(parentOf(placed)).toBe(request.spanContext().spanId);
    expect(parentOf(relayed)).toBe(placed.spanContext().spanId);
    expect(parentOf(handled)).toBe(relayed.spanContext().spanId);
    // the handler runs in the inbox's transaction, a span of the handling
    const transaction = spans.find(
      (span) => span.name === 'transaction' && parentOf(span) === handled.spanContext().spanId,
    );
    expect(transaction).toBeDefined();
    expect(parentOf(reserved)).toBe(transaction!.spanContext().spanId);
    expect(handlerTrace).toContain(transaction!.spanContext().spanId);
    expect(relayed.kind).toBe(SpanKind.PRODUCER);
    expect(handled.kind).toBe(SpanKind.CONSUMER);
    expect(handled.attributes['messaging.destination.name']).toBe(inboxQueueName(ServiceName.Catalog));
    expect(handled.resource.attributes['service.name']).toBe('countyflow-catalog');
    expect(request.resource.attributes['service.name']).toBe('countyflow-orders');
    expect(catalog.rows[0].traceParent).toContain(reserved.spanContext().spanId);
  });

  it('gives each event of a batch its own handling span, and what is published for it goes on in its trace', async () => {
    const exporter = new InMemorySpanExporter();
    const orders = service(ServiceName.Orders, exporter);
    const catalog = service(ServiceName.Catalog, exporter);
    for (const request of ['POST /checkout (1)', 'POST /checkout (2)']) {
      await orders.tracing.run(request, { kind: SpanKind.SERVER, parent: null }, () =>
        orders.publisher.publish(orders.manager, EventName.OrderPlaced, {} as never),
      );
    }
    const envelopes = await relay(orders);
    const registry = {
      handlerFor: () => () => Promise.resolve(),
      batchHandlerFor: () => async (events: EventEnvelope[], context: BatchEventContext) => {
        // the first answered through the batch's own outbox insert, the second by code written for one event
        context.publish(events[0], EventName.StockReserved, {} as never);
        await context.as(events[1], () =>
          catalog.publisher.publish(context.manager, EventName.StockReserved, {} as never),
        );
      },
    } as unknown as HandlerRegistry;
    const worker = new InboxWorker(
      catalog.dataSource,
      registry,
      {} as DeadLetterService,
      config,
      metrics as unknown as Metrics,
      catalog.options,
      logger,
      catalog.tracing,
      catalog.publisher,
    );

    await expect(worker.handleBatch(EventName.OrderPlaced, envelopes)).resolves.toEqual(['handled', 'handled']);
    await orders.tracing.flush();
    await catalog.tracing.flush();

    const spans = exporter.getFinishedSpans();
    const handled = spans.filter((span) => span.name === `handle ${EventName.OrderPlaced}`);
    const relayed = spans.filter((span) => span.name === `relay ${EventName.OrderPlaced}`);
    const reserved = spans.filter((span) => span.name === `publish ${EventName.StockReserved}`);
    expect(handled).toHaveLength(2);
    expect(reserved).toHaveLength(2);
    for (const envelope of envelopes) {
      const relaySpan = relayed.find((span) => envelope.traceParent?.includes(span.spanContext().spanId))!;
      const handling = handled.find((span) => parentOf(span) === relaySpan.spanContext().spanId)!;
      expect(handling.kind).toBe(SpanKind.CONSUMER);
      expect(handling.attributes['messaging.batch.message_count']).toBe(2);
      const answer = reserved.find((span) => parentOf(span) === handling.spanContext().spanId);
      expect(answer?.spanContext().traceId).toBe(relaySpan.spanContext().traceId);
      expect(catalog.rows.map((row) => row.traceParent)).toContainEqual(
        `00-${relaySpan.spanContext().traceId}-${answer!.spanContext().spanId}-01`,
      );
    }
    expect(new Set(handled.map((span) => span.spanContext().traceId)).size).toBe(2);
  });

  it('continues a saga in a later request: the event joins the saga’s trace and links to the request', async () => {
    const exporter = new InMemorySpanExporter();
    const orders = service(ServiceName.Orders, exporter);
    const saga = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

    await orders.tracing.run('POST /payments/webhook', { kind: SpanKind.SERVER, parent: null }, () =>
      orders.publisher.publish(orders.manager, EventName.OrderPaid, {} as never, { continues: saga }),
    );
    await orders.tracing.flush();

    const spans = exporter.getFinishedSpans();
    const webhook = byName(spans, 'POST /payments/webhook');
    const paid = byName(spans, `publish ${EventName.OrderPaid}`);
    expect(paid.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(parentOf(paid)).toBe('b7ad6b7169203331');
    expect(paid.links.map((link) => link.context.spanId)).toEqual([webhook.spanContext().spanId]);
    expect(orders.rows[0].traceParent).toBe(`00-0af7651916cd43dd8448eb211c80319c-${paid.spanContext().spanId}-01`);
  });

  it('carries nothing with tracing off: no trace in the row, none on the envelope, the handler still runs', async () => {
    const orders = service(ServiceName.Orders, undefined);
    const catalog = service(ServiceName.Catalog, undefined);

    await orders.tracing.run('POST /checkout', { kind: SpanKind.SERVER, parent: null }, () =>
      orders.publisher.publish(orders.manager, EventName.OrderPlaced, {} as never),
    );
    expect(orders.rows[0].traceParent).toBeNull();
    const [envelope] = await relay(orders);
    expect(envelope).not.toHaveProperty('traceParent');

    let ran = false;
    const worker = consumer(catalog, EventName.OrderPlaced, () => {
      ran = true;
      expect(Tracing.activeTraceparent()).toBeNull();
      return Promise.resolve();
    });
    await expect(worker.handle(envelope)).resolves.toBe('handled');
    expect(ran).toBe(true);
  });
});

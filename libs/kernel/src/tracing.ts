import {
  Attributes,
  context,
  Context,
  createContextKey,
  isSpanContextValid,
  Link,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import type { SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';

export { SpanKind } from '@opentelemetry/api';
export type { Span } from '@opentelemetry/api';

/** What a process needs to export its spans; `endpoint` unset means tracing is off. */
export interface TracingSettings {
  /** The OTLP/HTTP traces URL (`…/v1/traces`). */
  endpoint?: string;
  headers?: Record<string, string>;
  /** The share of new traces recorded (a trace that arrives sampled stays sampled). */
  sampleRatio?: number;
  /** How long finished spans wait to be sent in a batch. */
  exportDelayMs?: number;
  /** `all`, `api` or `worker`, recorded on every span's resource. */
  role?: string;
  /** Where finished spans go instead of OTLP (unit tests: an `InMemorySpanExporter`); tracing is on with one. */
  exporter?: SpanExporter;
}

export interface TracedSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /**
   * Where the span starts: a W3C `traceparent` to continue (an incoming header, an outbox row, a queued event), or
   * null for a new trace (work that arrives from outside: a request without the header, an event without a trace).
   * Left out, the span is a child of the active span.
   */
  parent?: string | null;
  /** Other traces this work belongs to as well (a payment request that moves a checkout's saga on). */
  links?: (string | null | undefined)[];
}

/** Which service's tracing is running the current code, so libraries' spans join that service's trace. */
const TRACING = createContextKey('countyflow.tracing');
const NO_SPAN = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });

/** The W3C `traceparent` of a span (`00-<trace id>-<span id>-<flags>`), or null for an invalid one. */
export function traceparentOf(span: Span | undefined): string | null {
  const spanContext = span?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) {
    return null;
  }
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
}

/** The context a `traceparent` continues (the root context when it is missing or malformed). */
export function contextFromTraceparent(traceparent: string | null | undefined, base: Context = ROOT_CONTEXT): Context {
  const spanContext = traceparent ? parseTraceParent(traceparent) : null;
  return spanContext && isSpanContextValid(spanContext)
    ? trace.setSpanContext(base, { ...spanContext, isRemote: true })
    : base;
}

/** `trace_id` and `span_id` of the active span for a log line (empty when no span is active: tracing off). */
export function activeTraceFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext)
    ? { trace_id: spanContext.traceId, span_id: spanContext.spanId }
    : {};
}

/**
 * A service's OpenTelemetry tracing: spans around HTTP handling, transactions, outbox publishing, relaying and
 * event handling, exported over OTLP/HTTP (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Each service has its
 * own provider (its `service.name`), so several services in one process (the tests) still export as themselves.
 * Off, every method runs the work as it is: no span, no context switch.
 */
export class Tracing {
  /** Tracing off: what every service gets without an OTLP endpoint. */
  static readonly off = new Tracing();

  private constructor(
    private readonly tracer?: Tracer,
    private readonly provider?: TracerProvider,
  ) {}

  static create(service: string, settings: TracingSettings): Tracing {
    if (!settings.endpoint && !settings.exporter) {
      return Tracing.off;
    }
    // the SDK is loaded here, by a process that traces, and not by every process at boot
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createTracerProvider } = require('./tracing-sdk') as typeof import('./tracing-sdk');
    const provider = createTracerProvider(service, settings);
    return new Tracing(provider.getTracer('countyflow', '1'), provider);
  }

  /** The tracing of the service whose span is active here; undefined outside any traced work (or with tracing off). */
  static current(): Tracing | undefined {
    return context.active().getValue(TRACING) as Tracing | undefined;
  }

  /** Runs `work` in a span of whichever service's traced work is running here; just runs it when there is none. */
  static inSpan<T>(name: string, options: TracedSpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
    const tracing = Tracing.current();
    return tracing ? tracing.run(name, options, work) : work(NO_SPAN);
  }

  /** Runs `work` with a context from {@link start} active (its span the parent of what `work` traces). */
  static within<T>(active: Context, work: () => T): T {
    return context.with(active, work);
  }

  /** The `traceparent` of the active span, to carry the trace on (an outbox row, a header); null when none. */
  static activeTraceparent(): string | null {
    return traceparentOf(trace.getActiveSpan());
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /**
   * Starts a span and returns it with the context to run its work in; the caller ends it. For work whose end is
   * not one promise (an HTTP request ends in a hook).
   */
  start(name: string, options: TracedSpanOptions = {}): { span: Span; context: Context } {
    if (!this.tracer) {
      return { span: NO_SPAN, context: context.active() };
    }
    const parent =
      options.parent === undefined ? context.active() : contextFromTraceparent(options.parent, ROOT_CONTEXT);
    const links: Link[] = (options.links ?? []).flatMap((link) => {
      const spanContext = link ? trace.getSpanContext(contextFromTraceparent(link)) : undefined;
      return spanContext ? [{ context: spanContext }] : [];
    });
    const span = this.tracer.startSpan(
      name,
      { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links },
      parent,
    );
    return { span, context: trace.setSpan(parent, span).setValue(TRACING, this) };
  }

  /** Runs `work` in a new span that ends when it settles; a thrown error marks the span failed and is rethrown. */
  async run<T>(name: string, options: TracedSpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
    if (!this.tracer) {
      return work(NO_SPAN);
    }
    const { span, context: spanContext } = this.start(name, options);
    try {
      return await context.with(spanContext, () => work(span));
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** Sends what is still buffered and stops exporting (at shutdown). */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown().catch(() => undefined);
  }

  /** Sends what is buffered now (tests, before reading the collector). */
  async flush(): Promise<void> {
    await this.provider?.forceFlush().catch(() => undefined);
  }
}

/** Marks a span failed with the error that ended it. */
export function failed(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { CommonConfig, commonFromEnv, validateConfig } from './config';
import { logContext } from './logger';
import { RequestContext } from './request-context';
import { activeTraceFields, contextFromTraceparent, SpanKind, traceparentOf, Tracing } from './tracing';

const config = (env: Record<string, string>): CommonConfig => validateConfig(CommonConfig, commonFromEnv(env));

describe('tracing settings', () => {
  it('is off unless an OTLP endpoint is set, and sends to its /v1/traces', () => {
    expect(config({}).otelTracesEndpoint).toBeUndefined();
    expect(config({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otelTracesEndpoint).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      config({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/otlp',
      }).otelTracesEndpoint,
    ).toBe('https://traces.example/otlp');
    expect(
      config({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).otelTracesEndpoint,
    ).toBeUndefined();
  });

  it('reads the export headers and the sampling ratio, and refuses a ratio outside 0–1', () => {
    const sut = config({
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Basic%20abc, x-team = county',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(sut.otelHeaders).toEqual({ authorization: 'Basic abc', 'x-team': 'county' });
    expect(sut.otelSampleRatio).toBe(0.25);
    expect(() => config({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/otelSampleRatio/);
  });
});

describe(Tracing.name, () => {
  it('off, runs the work without a span, and log lines get no trace fields', async () => {
    const sut = Tracing.create('orders', {});
    expect(sut.enabled).toBe(false);
    const fields = await sut.run('work', {}, () => Promise.resolve(activeTraceFields()));
    expect(fields).toEqual({});
  });

  it('on, gives log lines the active span’s trace and span ids, and continues a traceparent it is given', async () => {
    const exporter = new InMemorySpanExporter();
    const sut = Tracing.create('orders', { exporter, exportDelayMs: 10 });
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    const fields = await sut.run('GET /orders/:id', { kind: SpanKind.SERVER, parent: incoming }, () =>
      Tracing.inSpan('transaction', {}, () => Promise.resolve(activeTraceFields())),
    );
    await sut.flush();

    const [transaction, request] = exporter.getFinishedSpans();
    expect(request.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(transaction.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(fields).toEqual({ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: transaction.spanContext().spanId });
    expect(activeTraceFields()).toEqual({});
  });

  it('gives a log line the request id and the trace beside it', async () => {
    const sut = Tracing.create('orders', { exporter: new InMemorySpanExporter() });

    const fields = await RequestContext.run({ requestId: 'req-7' }, () =>
      sut.run('POST /checkout', { parent: null }, (span) =>
        Promise.resolve({ line: logContext(), traceId: span.spanContext().traceId }),
      ),
    );

    expect(fields.line).toEqual({ requestId: 'req-7', trace_id: fields.traceId, span_id: expect.any(String) });
    expect(RequestContext.run({ requestId: 'req-8' }, logContext)).toEqual({ requestId: 'req-8' });
  });

  it('marks a span failed with the error that ended it, and rethrows it', async () => {
    const exporter = new InMemorySpanExporter();
    const sut = Tracing.create('catalog', { exporter, exportDelayMs: 10 });

    await expect(sut.run('handle order.placed', {}, () => Promise.reject(new Error('no stock')))).rejects.toThrow(
      'no stock',
    );
    await sut.flush();

    const [span] = exporter.getFinishedSpans();
    expect(span.status).toEqual({ code: 2, message: 'no stock' });
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('ignores a malformed traceparent: the span starts a new trace', async () => {
    expect(trace.getSpanContext(contextFromTraceparent('00-zz-not-a-trace'))).toBeUndefined();
    const exporter = new InMemorySpanExporter();
    const sut = Tracing.create('orders', { exporter, exportDelayMs: 10 });

    await sut.run('POST /checkout', { kind: SpanKind.SERVER, parent: '00-zz-not-a-trace' }, () => Promise.resolve());
    await sut.flush();

    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(traceparentOf(undefined)).toBeNull();
  });
});

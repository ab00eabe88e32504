import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { hostname } from 'node:os';
import type { TracingSettings } from './tracing';

// The OpenTelemetry SDK behind Tracing.create, in a module of its own that tracing.ts requires only when tracing is
// on: a process without an OTLP endpoint never loads the SDK and its exporter (about 200 modules, 2–3 MB of heap).

let contextManagerInstalled = false;

export function createTracerProvider(service: string, settings: TracingSettings): TracerProvider {
  if (!contextManagerInstalled) {
    // one per process, shared by every service in it; the spans' context follows async calls through it
    contextManagerInstalled = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  }
  return new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': `countyflow-${service}`,
      'service.namespace': 'countyflow',
      'service.instance.id': `${hostname()}:${process.pid}`,
      'countyflow.role': settings.role ?? 'all',
    }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio ?? 1) }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter:
          settings.exporter ?? new OTLPTraceExporter({ url: settings.endpoint, headers: settings.headers ?? {} }),
        scheduledDelayMillis: settings.exportDelayMs ?? 5000,
      }),
    ],
  });
}

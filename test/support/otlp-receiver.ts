import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';

/*
 * A fake OpenTelemetry collector: an HTTP server that takes OTLP/HTTP trace exports in the protocol's JSON encoding
 * (POST /v1/traces, an ExportTraceServiceRequest: resourceSpans → scopeSpans → spans, trace and span ids as hex)
 * and keeps every span it was sent, with the `service.name` of its resource. It refuses what the protocol does not
 * allow (another path, another content type, malformed ids) with the status a collector gives, so a platform that
 * exported something else would fail the test rather than pass it.
 */

/** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export enum OtlpSpanKind {
  Internal = 1,
  Server = 2,
  Client = 3,
  Producer = 4,
  Consumer = 5,
}

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: OtlpSpanKind;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
  startNanos: bigint;
}

export interface OtlpReceiver {
  /** The base URL to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  spans: ReceivedSpan[];
  /** Requests refused, with the reason (a test expects none). */
  refused: string[];
  close(): Promise<void>;
}

interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  attributes?: KeyValue[];
  links?: { traceId: string; spanId: string }[];
}
interface ExportTraceServiceRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

function valueOf(value: AnyValue): string | number | boolean {
  if (value.stringValue !== undefined) {
    return value.stringValue;
  }
  if (value.intValue !== undefined) {
    return Number(value.intValue);
  }
  if (value.doubleValue !== undefined) {
    return value.doubleValue;
  }
  if (value.boolValue !== undefined) {
    return value.boolValue;
  }
  throw new Error(`unsupported attribute value ${JSON.stringify(value)}`);
}

const attributesOf = (list: KeyValue[] = []): Record<string, string | number | boolean> =>
  Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));

/** The spans of one export request, checked against the protocol. */
export function decodeTraceExport(body: ExportTraceServiceRequest): ReceivedSpan[] {
  if (!Array.isArray(body.resourceSpans)) {
    throw new Error('resourceSpans is missing');
  }
  return body.resourceSpans.flatMap((resourceSpans) => {
    const service = attributesOf(resourceSpans.resource?.attributes)['service.name'];
    if (typeof service !== 'string') {
      throw new Error('a resource without service.name');
    }
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span): ReceivedSpan => {
        if (!TRACE_ID.test(span.traceId) || !SPAN_ID.test(span.spanId)) {
          throw new Error(`span ${span.name} has malformed ids ${span.traceId}/${span.spanId}`);
        }
        const parent = span.parentSpanId || null;
        if (parent !== null && !SPAN_ID.test(parent)) {
          throw new Error(`span ${span.name} has a malformed parent id ${parent}`);
        }
        return {
          service,
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: parent,
          name: span.name,
          kind: span.kind,
          attributes: attributesOf(span.attributes),
          links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
          startNanos: BigInt(span.startTimeUnixNano),
        };
      }),
    );
  });
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const refused: string[] = [];
  const refuse = (response: ServerResponse, status: number, reason: string) => {
    refused.push(reason);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: reason }));
  };
  const server = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/traces') {
      refuse(response, 404, `${request.method} ${request.url}`);
      return;
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      refuse(response, 415, `content type ${request.headers['content-type']}`);
      return;
    }
    bodyOf(request)
      .then((body) => {
        spans.push(...decodeTraceExport(JSON.parse(body.toString('utf8')) as ExportTraceServiceRequest));
        // an ExportTraceServiceResponse with nothing rejected
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      })
      .catch((error: Error) => refuse(response, 400, error.message));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

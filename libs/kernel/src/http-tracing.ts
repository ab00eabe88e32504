import { context, SpanStatusCode } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Span, SpanKind, traceparentOf, Tracing } from './tracing';

/** The server span of each request in flight, by its raw request (the gateway reads it to pass the trace on). */
const REQUEST_SPANS = new WeakMap<object, Span>();

/**
 * One server span per request, named by its route (`POST /checkout`), continuing the `traceparent` the caller sent
 * (the gateway's span, for a service) and active while the request is handled, so that the transactions, outbox
 * rows and log lines of the request belong to it. Health, readiness and metrics are not traced.
 */
export function traceRequests(fastify: FastifyInstance, tracing: Tracing, untraced: ReadonlySet<string>): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route && untraced.has(route)) {
      done();
      return;
    }
    const incoming = request.headers.traceparent;
    const { span, context: spanContext } = tracing.start(`${request.method} ${route ?? 'unmatched'}`, {
      kind: SpanKind.SERVER,
      parent: typeof incoming === 'string' ? incoming : null,
      attributes: {
        'http.request.method': request.method,
        'http.route': route ?? 'unmatched',
        'url.path': request.url.split('?')[0],
      },
    });
    REQUEST_SPANS.set(request.raw, span);
    context.with(spanContext, done);
  });
  const end = (request: FastifyRequest, status?: number): void => {
    const span = REQUEST_SPANS.get(request.raw);
    if (!span) {
      return;
    }
    REQUEST_SPANS.delete(request.raw);
    if (status === undefined) {
      span.setAttribute('http.request.aborted', true);
    } else {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${status}` });
      }
    }
    span.end();
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    end(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    end(request);
    done();
  });
}

/** The `traceparent` of a request's server span, for the request the gateway makes on its behalf; null untraced. */
export function requestTraceparent(request: FastifyRequest): string | null {
  return traceparentOf(REQUEST_SPANS.get(request.raw));
}

import { LOGGER, Problem, RequestContext, requestTraceparent, sendProblem } from '@countyflow/kernel';
import httpProxy, { FastifyHttpProxyOptions } from '@fastify/http-proxy';
import { Inject, Injectable } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { GatewayConfig, Upstream, upstreamsOf } from '../gateway.config';
import { ReplicaRing } from './replica-ring';
import { upstreamProblem } from './upstream-problem';

const CONNECT_TIMEOUT_MS = 5_000;

/** The replica a proxied request was sent to, when a service has several. */
const REPLICA = Symbol('replica');
type WithReplica = FastifyRequest & { [REPLICA]?: string };

/**
 * Serves `/api/<service>/*` by streaming each request to its service and the answer back unchanged (status,
 * headers, problem+json bodies). The gateway never parses a proxied body: the service does, with its own limits.
 */
@Injectable()
export class ServiceProxy {
  constructor(
    private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Must run before Nest's `init()`: the proxies' encapsulated contexts copy the root's content-type parsers and
   * error handler as they are now, so they keep their own pass-through parsers instead of Nest's JSON parser.
   */
  async mount(app: NestFastifyApplication): Promise<void> {
    await app.register(async (scope: FastifyInstance) => {
      scope.setErrorHandler((error, request, reply) => sendProblem(this.logger, error, request, reply));
      scope.addHook('onRequest', (request, _reply, done) => done(this.oversizedBody(request)));
      for (const upstream of upstreamsOf(this.config)) {
        await scope.register(httpProxy, this.options(upstream));
      }
    });
  }

  /**
   * A service answers an oversized body with 413 before reading it and closes the socket while the gateway is
   * still streaming, which the gateway could only report as a 502; so the same limit is applied here first.
   */
  private oversizedBody(request: FastifyRequest): Problem | undefined {
    const length = Number(request.headers['content-length'] ?? 0);
    // a photo upload may be larger than a JSON body; the service checks the photo itself within the same limit
    const multipart = (request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    const limit = multipart ? this.config.uploadLimitBytes : this.config.bodyLimitBytes;
    if (length <= limit) {
      return undefined;
    }
    return new Problem(413, 'payload-too-large', `the body has ${length} bytes; the limit is ${limit}`);
  }

  private options(upstream: Upstream): FastifyHttpProxyOptions {
    const timeout = this.config.upstreamTimeoutMs;
    // several replicas: no fixed upstream, each request takes the next one in turn (round-robin)
    const ring = upstream.urls.length > 1 ? new ReplicaRing(upstream.urls) : undefined;
    const replicas = ring
      ? {
          upstream: '',
          rewritePrefix: '/',
          getUpstream: (request: object) => ((request as WithReplica)[REPLICA] = ring.next()),
        }
      : { upstream: upstream.url };
    return {
      upstream: replicas.upstream,
      ...(replicas.rewritePrefix && { rewritePrefix: replicas.rewritePrefix }),
      prefix: `/api/${upstream.service}`,
      undici: { headersTimeout: timeout, bodyTimeout: timeout, connect: { timeout: CONNECT_TIMEOUT_MS } },
      destroyAgent: true,
      disableRequestLogging: true,
      replyOptions: {
        // reply-from would retry a GET that got a 503 up to ten times; the caller should see the 503 at once
        retryDelay: () => null,
        ...(replicas.getUpstream && { getUpstream: replicas.getUpstream }),
        rewriteRequestHeaders: (request, headers) => forwardedHeaders(request as FastifyRequest, headers),
        onError: (reply, { error }) => {
          const request = reply.request as FastifyRequest;
          this.logger.warn({ upstream: upstream.service, url: request.url, err: error.message }, 'upstream failed');
          const problem = upstreamProblem(upstream.service, error, timeout);
          const replica = (request as WithReplica)[REPLICA];
          if (ring && replica && problem.getStatus() === 503) {
            ring.unreachable(replica);
          }
          RequestContext.run({ requestId: request.id }, () =>
            sendProblem(this.logger, problem, request, reply as FastifyReply),
          );
        },
      },
    };
  }
}

/**
 * The request id goes upstream so that the service logs it and stamps it on the events the request causes, and
 * with tracing on the gateway's span as the `traceparent` whose child the service's span is.
 */
function forwardedHeaders(request: FastifyRequest, headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const chain = [headers['x-forwarded-for'], request.socket.remoteAddress].flat().filter(Boolean);
  const traceparent = requestTraceparent(request);
  return {
    ...headers,
    ...(traceparent ? { traceparent } : {}),
    'x-request-id': request.id,
    'x-forwarded-for': chain.join(', '),
    'x-forwarded-proto': request.protocol,
    'x-forwarded-host': request.host,
  };
}

import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { INestApplication, NotFoundException, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { CommonConfig } from './config';
import { traceRequests } from './http-tracing';
import { jsonBodyParser, textPolicyHook } from './input-policy';
import { LOGGER } from './kernel.module';
import { createLogger, PinoNestLogger } from './logger';
import { Metrics } from './metrics';
import {
  flattenValidationErrors,
  PROBLEM_CONTENT_TYPE,
  ProblemFilter,
  sendProblem,
  ValidationProblem,
} from './problem';
import { RequestContext } from './request-context';
import { Tracing } from './tracing';
import { settleHeapAfterBoot } from './young-generation';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_ROUTES = new Set(['/health', '/ready', '/metrics']);

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Extra setup on the Fastify instance before Nest registers its routes (e.g. the gateway's proxy). */
  configureFastify?: (app: NestFastifyApplication) => Promise<void>;
  /** Skip the service's own OpenAPI page (the gateway serves the merged one itself). */
  withoutDocs?: boolean;
  /** Keep each JSON body's exact bytes as `request.rawBody` (e.g. to verify a webhook's signature). */
  rawBody?: boolean;
  /**
   * Take photo uploads (`multipart/form-data`, one file part, read by the route with `readUploadedFile`). Never on
   * the gateway: its proxies must stream a multipart body through untouched, not have it parsed away.
   */
  uploads?: boolean;
}

/** Answers a request Node could not even parse (e.g. headers over 16 KiB) with problem+json, then closes. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers-too-large', 'the request line and headers are larger than 16 KiB']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'the request did not arrive in time']
        : [400, 'malformed-request', 'the request is not valid HTTP'];
  const body = JSON.stringify({
    type: `/problems/${code}`,
    code,
    title: STATUS_CODES[status],
    status,
    detail,
    params: {},
  });
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The global ValidationPipe: unknown fields are refused, payloads are transformed into DTO instances. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // the errors keep their DTO instance so that flattenValidationErrors can read each rule's limit
    validationError: { target: true },
    exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
  });
}

/**
 * Builds a service's HTTP app on Fastify with everything the platform promises of every service: request ids
 * carried in an AsyncLocalStorage context, JSON access logs, latency metrics, security headers, CORS from
 * config, a body size limit, validation, problem+json errors and the service's OpenAPI page at /docs.
 */
export async function createHttpApp(
  module: unknown,
  config: CommonConfig,
  options: HttpAppOptions,
): Promise<NestFastifyApplication> {
  let logger: Logger = createLogger('http', config.logLevel);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // errors Fastify answers before any route runs (a malformed URL, a path parameter over maxParamLength) and
    // errors of the raw connection (headers too large) leave as problem+json like every other error
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(logger, error, request, reply),
    clientErrorHandler: answerClientError,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    bufferLogs: true,
    abortOnError: false,
    rawBody: options.rawBody ?? false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  logger = app.get<Logger>(LOGGER);
  const metrics = app.get(Metrics);
  app.useLogger(new PinoNestLogger(logger));

  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    RequestContext.run({ requestId: request.id }, done);
  });
  const tracing = app.get(Tracing);
  if (tracing.enabled) {
    traceRequests(fastify, tracing, QUIET_ROUTES);
  }
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    const level = QUIET_ROUTES.has(route) ? 'debug' : 'info';
    logger[level](
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
    done();
  });
  if (config.serviceRole === 'worker') {
    // a worker process consumes events; the load balancer sends it no traffic, and what reaches it anyway is refused
    fastify.addHook('onRequest', (request, reply, done) => {
      if (QUIET_ROUTES.has(request.url.split('?')[0])) {
        done();
        return;
      }
      sendProblem(
        logger,
        new NotFoundException('this is a worker process: only /health, /ready and /metrics'),
        request,
        reply,
      );
    });
  }
  fastify.addHook('preValidation', textPolicyHook(logger));
  await app.register(helmet, { contentSecurityPolicy: false, global: true });
  if (options.uploads) {
    await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 0, parts: 2 } });
  }
  app.enableCors({
    origin: config.corsOrigins,
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  if (options.configureFastify) {
    await options.configureFastify(app);
  }
  // after the gateway's proxies took their pass-through parsers; Nest's own JSON parser is not registered then
  app.useBodyParser(
    'application/json',
    { bodyLimit: config.bodyLimitBytes },
    jsonBodyParser(fastify, config.jsonMaxDepth),
  );

  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));
  app.enableShutdownHooks();

  // a worker serves no API, so it serves no OpenAPI document
  if (!options.withoutDocs && config.serviceRole !== 'worker') {
    setupDocs(app, options.title, options.description);
  }
  await app.init();
  await fastify.ready();
  return app;
}

function setupDocs(app: INestApplication, title: string, description: string): void {
  // built at the first request of /docs or /docs-json, then kept: at boot it is work and memory an idle process
  // holds for a page few ever open
  const document = (): OpenAPIObject =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(title)
        .setDescription(description)
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .build(),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/**
 * Listens on all interfaces; the returned URL is what tests and the start script use. Booted: the heap is settled
 * (young-generation.ts).
 */
export async function listen(app: NestFastifyApplication, port: number): Promise<string> {
  await app.listen({ port, host: '0.0.0.0' });
  settleHeapAfterBoot();
  const address = app.getHttpServer().address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return `http://127.0.0.1:${actualPort}`;
}

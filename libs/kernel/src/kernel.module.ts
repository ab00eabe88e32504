import {
  Controller,
  DynamicModule,
  Get,
  Global,
  Header,
  HttpCode,
  Inject,
  Module,
  OnApplicationShutdown,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { CommonConfig } from './config';
import { createLogger, flushLogs } from './logger';
import { Metrics } from './metrics';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { Public } from './public.decorator';
import { Readiness } from './readiness';
import { createRedis } from './redis';
import { Tracing } from './tracing';

export const LOGGER = Symbol('LOGGER');
export const REDIS = Symbol('REDIS');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: Metrics,
  ) {}

  /** Alive: the process answers. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready: PostgreSQL and Redis answer. */
  @Get('ready')
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.readiness.report();
    if (report.ready) {
      await reply.status(200).send({ status: 'ready', checks: report.checks });
      return;
    }
    await reply
      .status(503)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({
        type: '/problems/not-ready',
        code: 'not-ready',
        title: 'Service Unavailable',
        status: 503,
        detail: 'a dependency is unreachable',
        checks: report.checks,
        params: { checks: report.checks },
      });
  }

  @Get('metrics')
  @HttpCode(200)
  @Header('content-type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

/** Sends the spans still buffered when the app stops. */
class TracingLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Tracing) private readonly tracing: Tracing) {}

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Log lines are written asynchronously: whatever is still queued goes out before the process ends (SIGTERM). */
class LogFlush implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    flushLogs();
  }
}

/**
 * What every app has: its typed config (injectable as `CommonConfig` and as its own class), the pino logger,
 * Prometheus metrics, its tracing (`Tracing`), readiness checks, a shared fail-fast Redis client, and /health,
 * /ready, /metrics.
 */
@Global()
@Module({})
export class KernelModule {
  static forRoot(service: string, config: CommonConfig): DynamicModule {
    const providers = [
      { provide: SERVICE_NAME, useValue: service },
      { provide: CommonConfig, useValue: config },
      { provide: config.constructor, useValue: config },
      { provide: LOGGER, useFactory: (): Logger => createLogger(service, config.logLevel) },
      { provide: Metrics, useFactory: () => new Metrics(service) },
      {
        provide: Tracing,
        useFactory: () =>
          Tracing.create(service, {
            endpoint: config.otelTracesEndpoint,
            headers: config.otelHeaders,
            sampleRatio: config.otelSampleRatio,
            exportDelayMs: config.otelExportDelayMs,
            role: config.serviceRole,
          }),
      },
      {
        provide: Readiness,
        useFactory: (redis: Redis) => {
          const readiness = new Readiness();
          readiness.register('redis', async () => {
            await redis.ping();
          });
          return readiness;
        },
        inject: [REDIS],
      },
      {
        provide: REDIS,
        useFactory: (logger: Logger) => {
          const redis = createRedis(config.redisUrl, { connectionName: `${service}-requests` });
          redis.on('error', (error: Error) => logger.warn({ err: error.message }, 'redis connection problem'));
          return redis;
        },
        inject: [LOGGER],
      },
      RedisLifecycle,
      LogFlush,
      TracingLifecycle,
    ];
    return {
      module: KernelModule,
      controllers: [HealthController],
      providers,
      exports: providers.filter(
        (provider) => provider !== RedisLifecycle && provider !== LogFlush && provider !== TracingLifecycle,
      ),
    };
  }
}

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { inboxQueueName, ServiceName, tasksQueueName } from '@countyflow/contracts';
import { createRedis, LOGGER, sendProblem } from '@countyflow/kernel';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { GatewayConfig } from '../gateway.config';
import { ADMIN_PATH, AdminAccess } from './admin-access';

export const DASHBOARD_PATH = `${ADMIN_PATH}/queues`;

/** Every service that consumes events has one inbox queue, and one queue of scheduled tasks. */
const INBOX_SERVICES = [ServiceName.Identity, ServiceName.Catalog, ServiceName.Orders, ServiceName.Logistics];
const QUEUES = INBOX_SERVICES.flatMap((service) => [
  { name: inboxQueueName(service), description: `events for the ${service} service` },
  { name: tasksQueueName(service), description: `scheduled tasks of the ${service} service` },
]);

/** The BullMQ dashboard (bull-board) over the inbox and task queues, at /admin/queues, for platform admins only. */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private connection?: Redis;
  private queues: Queue[] = [];

  constructor(
    private readonly config: GatewayConfig,
    private readonly access: AdminAccess,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async mount(app: NestFastifyApplication): Promise<void> {
    this.connection = createRedis(this.config.redisUrl, { connectionName: 'gateway-dashboard' });
    this.connection.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'dashboard redis problem'));
    this.queues = QUEUES.map(
      ({ name }) => new Queue(name, { connection: this.connection!, prefix: this.config.queuePrefix }),
    );
    const board = new BullBoardFastifyAdapter();
    board.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: this.queues.map((queue, index) => new BullMQAdapter(queue, { description: QUEUES[index].description })),
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'CountyFlow queues' } },
    });

    await app.register(async (scope: FastifyInstance) => {
      scope.setErrorHandler((error, request, reply) => sendProblem(this.logger, error, request, reply));
      // onRequest, so that bull-board's static files and API are behind the check too
      scope.addHook('onRequest', async (request, reply) => {
        try {
          await this.access.authenticate(request.headers);
        } catch (error) {
          sendProblem(this.logger, error, request, reply);
          return reply;
        }
      });
      await scope.register(board.registerPlugin(), { prefix: DASHBOARD_PATH });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.queues.map((queue) => queue.close()));
    this.connection?.disconnect();
  }
}

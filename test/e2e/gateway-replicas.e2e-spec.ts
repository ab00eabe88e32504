import { listen } from '@countyflow/kernel';
import { uniqueQueuePrefix } from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';

/** A stand-in for one API replica of orders: answers every request with its own name. */
async function replica(name: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ replica: name, path: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('the gateway in front of two replicas of a service (ORDERS_URL lists both)', () => {
  let gateway: NestFastifyApplication;
  let api: string;
  let a: Awaited<ReturnType<typeof replica>>;
  let b: Awaited<ReturnType<typeof replica>>;

  beforeAll(async () => {
    a = await replica('a');
    b = await replica('b');
    const config = loadGatewayConfig(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: uniqueQueuePrefix(),
        ORDERS_URL: `${a.url},${b.url}/`,
      },
      { port: 0 },
    );
    gateway = await createGatewayApp(config);
    api = await listen(gateway, 0);
  });

  afterAll(async () => {
    await gateway?.close();
    a?.server.close();
    b?.server.close();
  });

  const ask = async () => (await request(api).get('/api/orders/orders?page=1')).body as { replica?: string };

  it('sends the requests to the replicas in turn, path and query intact', async () => {
    const first = (await request(api).get('/api/orders/orders?page=1').expect(200)).body;
    expect(first.path).toBe('/orders?page=1');
    const next = [];
    for (let i = 0; i < 5; i++) next.push((await ask()).replica);
    const order = [first.replica, ...next];
    expect(order).toEqual(first.replica === 'a' ? ['a', 'b', 'a', 'b', 'a', 'b'] : ['b', 'a', 'b', 'a', 'b', 'a']);
  });

  it('answers 503 for a replica that is gone, then passes it over while the other serves', async () => {
    b.server.closeAllConnections();
    await new Promise((resolve) => b.server.close(resolve));
    const answers = [];
    for (let i = 0; i < 6; i++) {
      const response = await request(api).get('/api/orders/orders');
      answers.push(response.status === 200 ? response.body.replica : response.status);
    }
    // at most one caller meets the dead replica; everyone after it is served by the live one
    expect(answers.filter((answer) => answer === 503).length).toBeLessThanOrEqual(1);
    expect(answers.slice(-4)).toEqual(['a', 'a', 'a', 'a']);
  });
});

import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Actor, platformAdmin, registerActor } from '../support/actors';
import { RunningGateway, startGateway } from '../support/gateway';
import { Platform, startPlatform } from '../support/platform';

const PROBLEM = /^application\/problem\+json/;

/** Resolves a local `#/…` JSON pointer inside `document`, or returns undefined. */
function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    return undefined;
  }
  return ref
    .slice(2)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((item) => refsIn(item, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        found.push(child);
      } else {
        refsIn(child, found);
      }
    }
  }
  return found;
}

describe('the gateway, in front of every service', () => {
  let platform: Platform;
  let gateway: RunningGateway;
  let api: string;
  let user: Actor;
  let admin: Actor;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['identity', 'catalog', 'orders', 'logistics'] });
    gateway = await startGateway(platform);
    api = gateway.url;
    user = await registerActor(`${api}/api/identity`, '城里买家');
    admin = await platformAdmin(`${api}/api/identity`, platform.env);
  });

  afterAll(async () => {
    await gateway?.close();
    await platform?.stop();
  });

  describe('/api/<service>/…', () => {
    it('registers, logs in and answers /me through /api/identity', async () => {
      const me = await request(api).get('/api/identity/me').set('authorization', `Bearer ${user.token}`).expect(200);
      expect(me.headers['content-type']).toMatch(/^application\/json/);
      expect(me.body).toMatchObject({ id: user.userId, phone: user.phone });
    });

    it('passes the service’s own refusals through unchanged', async () => {
      const response = await request(api).get('/api/identity/me').expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      // the service's path, not the gateway's: the service itself answered
      expect(response.body).toMatchObject({ type: '/problems/unauthenticated', status: 401, instance: '/me' });
    });

    it('forwards the query string', async () => {
      await request(api).get('/api/catalog/sellers').query({ countyCode: '360722' }).expect(200, []);
      const refused = await request(api).get('/api/catalog/sellers').query({ countyCode: 'x' }).expect(400);
      expect(refused.body.errors).toEqual([
        { field: 'countyCode', rule: 'matches', limit: '^\\d{6}$', message: 'countyCode must be 6 digits' },
      ]);
    });

    it('sends its request id upstream, where the service uses it as its own', async () => {
      const requestId = `e2e-${randomUUID()}`;
      const me = await request(api)
        .get('/api/identity/me')
        .set('authorization', `Bearer ${user.token}`)
        .set('x-request-id', requestId)
        .expect(200);
      expect(me.headers['x-request-id']).toBe(requestId);

      // a problem body's requestId is read from the service's request context
      const refused = await request(api).get('/api/identity/me').set('x-request-id', requestId).expect(401);
      expect(refused.body.requestId).toBe(requestId);
    });

    it('makes up a request id when none is sent, and the service uses the same one', async () => {
      const refused = await request(api).get('/api/identity/me').expect(401);
      const requestId = refused.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(refused.body.requestId).toBe(requestId);
    });

    it('leaves bodies to the service: malformed JSON is a 400 problem from identity', async () => {
      const requestId = `e2e-${randomUUID()}`;
      const response = await request(api)
        .post('/api/identity/auth/login')
        .set('content-type', 'application/json')
        .set('x-request-id', requestId)
        .send('{"phone": "138')
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 400, instance: '/auth/login', requestId });
    });

    it('refuses a body over the limit with a 413 problem before streaming it', async () => {
      const response = await request(api)
        .post('/api/identity/auth/login')
        .send({ phone: user.phone, password: 'x'.repeat(Number(platform.env.BODY_LIMIT_BYTES ?? 1_048_576)) })
        .expect(413);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('answers an unknown route with a 404 problem, at the gateway or at the service', async () => {
      const gatewayMiss = await request(api).get('/api/nowhere/at-all').expect(404);
      expect(gatewayMiss.headers['content-type']).toMatch(PROBLEM);
      expect(gatewayMiss.body).toMatchObject({ status: 404, instance: '/api/nowhere/at-all' });

      const serviceMiss = await request(api).get('/api/identity/nowhere').expect(404);
      expect(serviceMiss.headers['content-type']).toMatch(PROBLEM);
      expect(serviceMiss.body).toMatchObject({ status: 404, instance: '/nowhere' });
    });
  });

  describe('/docs', () => {
    it('serves one OpenAPI document for every service, with every $ref resolving inside it', async () => {
      const { body: document } = await request(api).get('/docs-json').expect(200);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/identity/auth/register', '/api/identity/me', '/api/catalog/sellers/{orgId}']),
      );
      expect(document['x-unavailable-services']).toEqual([]);

      const refs = refsIn(document);
      expect(refs).toContain('#/components/schemas/IdentityRegisterDto');
      expect(refs.filter((ref) => resolvePointer(document, ref) === undefined)).toEqual([]);
      expect(
        Object.keys(document.components.schemas).every((name) =>
          /^(Identity|Catalog|Orders|Logistics|Gateway)/.test(name),
        ),
      ).toBe(true);

      const operationIds = Object.values(document.paths).flatMap((item) =>
        Object.values(item as Record<string, { operationId?: string }>).map((operation) => operation.operationId),
      );
      expect(new Set(operationIds).size).toBe(operationIds.length);
      expect(document.tags.map((tag: { name: string }) => tag.name)).toEqual(
        expect.arrayContaining(['auth', 'sellers']),
      );
    });

    it('serves Swagger UI, which loads /docs-json', async () => {
      const page = await request(api).get('/docs').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('/docs/swagger-ui-bundle.js');

      const init = await request(api).get('/docs/swagger-init.js').expect(200);
      expect(init.text).toContain("url: '/docs-json'");
      await request(api).get('/docs/swagger-ui-bundle.js').expect(200);
      await request(api).get('/docs/swagger-ui.css').expect(200);
      await request(api).get('/docs/index.html').expect(404);
    });
  });

  describe('/admin/queues', () => {
    it('refuses anyone without a token', async () => {
      const response = await request(api).get('/admin/queues').expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      await request(api).get('/admin/queues/api/queues').expect(401);
      await request(api).get('/admin/queues').set('authorization', 'Bearer not-a-token').expect(401);
    });

    it('refuses a user who is not a platform admin', async () => {
      const response = await request(api).get('/admin/queues').set('authorization', `Bearer ${user.token}`).expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.type).toBe('/problems/not-platform-admin');
    });

    it('shows a platform admin the four inbox queues and the four queues of scheduled tasks', async () => {
      const page = await request(api).get('/admin/queues').set('authorization', `Bearer ${admin.token}`).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);

      const { body } = await request(api)
        .get('/admin/queues/api/queues')
        .set('authorization', `Bearer ${admin.token}`)
        .expect(200);
      expect(body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual([
        'inbox-catalog',
        'inbox-identity',
        'inbox-logistics',
        'inbox-orders',
        'tasks-catalog',
        'tasks-identity',
        'tasks-logistics',
        'tasks-orders',
      ]);
    });

    it('lets a browser in with the session cookie, which only an admin can get', async () => {
      const refused = await request(api).post('/admin/session').send({ accessToken: user.token }).expect(403);
      expect(refused.headers['set-cookie']).toBeUndefined();

      const opened = await request(api).post('/admin/session').send({ accessToken: admin.token }).expect(204);
      const [cookie] = opened.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(/^cf_access=[\w.-]+; Path=\/admin; Max-Age=\d+; HttpOnly; SameSite=Strict$/);

      await request(api).get('/admin/queues').set('cookie', cookie.split(';')[0]).expect(200);
      await request(api).get('/admin/queues').set('cookie', `cf_access=${user.token}`).expect(403);
    });

    it('refuses a token whose session was logged out', async () => {
      const { token } = await platformAdmin(`${api}/api/identity`, platform.env);
      await request(api).get('/admin/queues').set('authorization', `Bearer ${token}`).expect(200);
      await request(api).post('/api/identity/auth/logout').set('authorization', `Bearer ${token}`).expect(204);

      const response = await request(api).get('/admin/queues').set('cookie', `cf_access=${token}`).expect(401);
      expect(response.body.type).toBe('/problems/token-revoked');
    });
  });

  describe('a service that is down', () => {
    beforeAll(async () => {
      await platform.apps.logistics!.close();
      delete platform.apps.logistics;
    });

    it('gives a 503 problem naming the service, without waiting', async () => {
      const startedAt = Date.now();
      const response = await request(api).get('/api/logistics/shipments').expect(503);
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 503, type: '/problems/service-unavailable', service: 'logistics' });
      expect(response.body.detail).toContain('logistics');
    });

    it('still serves the docs of the others, naming the missing one', async () => {
      const fresh = await startGateway(platform, { docsCacheMs: 0 });
      try {
        const { body: document } = await request(fresh.url).get('/docs-json').expect(200);
        expect(document['x-unavailable-services']).toEqual(['logistics']);
        expect(document.info.description).toContain('logistics');
        expect(Object.keys(document.paths)).toContain('/api/identity/auth/register');
        expect(Object.keys(document.paths).some((path) => path.startsWith('/api/logistics'))).toBe(false);
      } finally {
        await fresh.close();
      }
    });
  });
});

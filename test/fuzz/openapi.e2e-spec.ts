import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import fc from 'fast-check';
import request from 'supertest';
import { addMember, identityUrl, startWorld, verifiedOrganisation, World } from '../journeys/support';
import { Actor, registerActor, sellerOwner } from '../support/actors';
import { FuzzRequest, Operation, operationsOf, requestFor, Schema } from './support';

/*
 * Property-based fuzz of every operation in the gateway's merged OpenAPI document (/docs-json): generated path
 * params, query strings and JSON bodies, right and wrong, sent through the gateway as every kind of caller. Whatever
 * the input, the platform must never answer 5xx, and every 4xx must be application/problem+json with a string
 * `detail`. The run is fixed (seed, runs per operation) so a failure reproduces.
 */

const SEED = 20_261_122;
/** Runs per operation (each run is one request, as a role chosen by fast-check). */
const RUNS_PER_OPERATION = 40;
/** Fewer requests than this means operations went missing from the document or the loop. */
const REQUEST_FLOOR = 4_000;
const PROBLEM = /^application\/problem\+json/;

/**
 * Operations not fuzzed (operationId → why). None today: the one thing behind the gateway that cannot be fuzzed from
 * a schema, the bull-board UI at /admin/queues (an HTML app with its own API, mounted straight on Fastify), is not in
 * the document at all. Logout does end the caller's session, so it is not excluded but run last (SESSION_ENDING).
 */
const EXCLUDED: Record<string, string> = {};

/** Operations that end the caller's session: run after every other, so they do not spoil the actors' tokens. */
const SESSION_ENDING = /\/auth\/(logout|sessions)|revoke/i;

interface Caller {
  role: string;
  actor: Actor | null;
}

interface Violation {
  operation: string;
  role: string;
  status: number;
  contentType: string | undefined;
  body: string;
  request: FuzzRequest;
}

describe('fuzzing every operation of the gateway OpenAPI document', () => {
  let world: World;
  let document: Schema;
  let callers: Caller[];
  let knownIds: string[];
  let requests = 0;

  beforeAll(async () => {
    world = await startWorld();
    const identity = identityUrl(world);
    const buyer = await registerActor(identity, '城里买家');
    const seller = await sellerOwner(identity);
    const point = await verifiedOrganisation(world, {
      kind: OrganisationKind.ServicePoint,
      name: '安西镇服务站',
      ownerName: '服务站站长',
      villageCode: '360722100201',
    });
    const operator = await addMember(world, point, '服务站操作员', MembershipRole.Operator);
    callers = [
      { role: 'anonymous', actor: null },
      { role: 'buyer', actor: buyer },
      { role: 'seller owner', actor: seller },
      { role: 'service-point operator', actor: operator },
      { role: 'county staff', actor: world.staff },
      { role: 'platform admin', actor: world.admin },
    ];
    const actors = callers.flatMap((caller) => (caller.actor ? [caller.actor] : []));
    knownIds = [...new Set(actors.flatMap((actor) => [actor.userId, actor.orgId].filter((id): id is string => !!id)))];
    const docs = await request(world.api).get('/docs-json').expect(200);
    document = docs.body as Schema;
    expect(document['x-unavailable-services']).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    console.log(`OpenAPI fuzz: ${requests} requests made`);
    await world?.stop();
  });

  it('never answers 5xx, and answers every 4xx with problem+json carrying a detail', async () => {
    const all = operationsOf(document);
    const operations = all
      .filter((operation) => !(operation.operationId in EXCLUDED))
      .sort((a, b) => Number(SESSION_ENDING.test(a.path)) - Number(SESSION_ENDING.test(b.path)));
    expect(operations.length).toBeGreaterThan(50);

    const violations: Violation[] = [];
    const send = async (operation: Operation, caller: Caller, generated: FuzzRequest): Promise<void> => {
      const method = operation.method as 'get' | 'post' | 'put' | 'patch' | 'delete';
      let call = request(world.api)[method](generated.path).query(generated.query).timeout(10_000);
      if (caller.actor) {
        call = call.set('authorization', `Bearer ${caller.actor.token}`);
      }
      if (generated.rawBody !== undefined) {
        call = call.set('content-type', 'application/json').send(generated.rawBody);
      } else if (generated.body !== undefined) {
        call = call.set('content-type', 'application/json').send(JSON.stringify(generated.body));
      }
      const response = await call.ok(() => true);
      requests++;
      const contentType = response.headers['content-type'] as string | undefined;
      const body = response.body as { detail?: unknown } | undefined;
      const bad =
        response.status >= 500 ||
        (response.status >= 400 && (!PROBLEM.test(contentType ?? '') || typeof body?.detail !== 'string'));
      if (bad) {
        violations.push({
          operation: `${operation.method.toUpperCase()} ${operation.path}`,
          role: caller.role,
          status: response.status,
          contentType,
          body: (response.text ?? '').slice(0, 300),
          request: {
            ...generated,
            body: JSON.stringify(generated.body)?.slice(0, 300),
            rawBody: generated.rawBody?.slice(0, 100),
          },
        });
      }
    };

    for (const [index, operation] of operations.entries()) {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...callers),
          requestFor(document, operation, knownIds),
          async (caller, req) => {
            await send(operation, caller, req);
          },
        ),
        { seed: SEED + index, numRuns: RUNS_PER_OPERATION },
      );
    }

    const summary = [...new Map(violations.map((v) => [`${v.operation} ${v.status}`, v])).values()].map((v) =>
      JSON.stringify(v),
    );
    expect(summary).toEqual([]);
    expect(requests).toBeGreaterThan(REQUEST_FLOOR);
  }, 900_000); // 3,500 requests through the gateway: at load 23 they took longer than 300 s (CI shares the machine)
});

import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { uniqueCreditCode, uniquePhone, waitFor } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request, { Response } from 'supertest';
import { Actor, platformAdmin, registerActor } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

const IMPORTED_PASSWORD = 'orchard-2019';

const account = (name = '老用户') => ({ id: randomUUID(), phone: uniquePhone(), name, password: IMPORTED_PASSWORD });
const cooperative = (members: { userId: string; role: MembershipRole }[], overrides: object = {}) => ({
  id: randomUUID(),
  kind: OrganisationKind.Cooperative,
  name: '信丰县大阿镇脐橙专业合作社',
  countyCode: '360722',
  villageCode: '360722103201',
  creditCode: uniqueCreditCode(),
  status: VerificationStatus.Verified,
  members,
  ...overrides,
});

/*
 * Identity's imports of accounts and organisations that existed before (the demo seed's people): ids and passwords
 * kept, idempotent by id, all or nothing per request, and a verified seller announced to catalog as a decision is.
 */
describe('identity imports accounts and organisations (POST /history/…)', () => {
  let platform: Platform;
  let identity: string;
  let catalog: string;
  let db: Client;
  let admin: Actor;

  const post = (path: string, body: object, actor: Actor = admin): request.Test =>
    request(identity).post(path).set('authorization', `Bearer ${actor.token}`).send(body);
  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await db.query<{ n: number }>(sql, params)).rows[0].n;
  const expectRefusal = (response: Response, status: number, code: string): void => {
    expect({ status: response.status, type: response.body.type as unknown }).toEqual({
      status,
      type: `/problems/${code}`,
    });
  };

  beforeAll(async () => {
    platform = await startPlatform({ services: ['identity', 'catalog'] });
    identity = platform.urls.identity!;
    catalog = platform.urls.catalog!;
    db = new Client({ connectionString: platform.db.url });
    await db.connect();
    admin = await platformAdmin(identity, platform.env);
  });

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  it('keeps the ids and the passwords of imported accounts, and imports nothing the second time', async () => {
    const accounts = [account('赵老伯'), account('钱大姐')];
    // an id in capitals is the same id (PostgreSQL gives it back in lower case)
    const sent = [accounts[0], { ...accounts[1], id: accounts[1].id.toUpperCase() }];

    const first = await post('/history/accounts', { accounts: sent }).expect(200);
    const again = await post('/history/accounts', { accounts }).expect(200);

    expect(first.body).toEqual({ received: 2, imported: 2 });
    expect(again.body).toEqual({ received: 2, imported: 0 });
    for (const imported of accounts) {
      const login = await request(identity)
        .post('/auth/login')
        .send({ phone: imported.phone, password: IMPORTED_PASSWORD })
        .expect(200);
      const me = await request(identity).get('/me').set('authorization', `Bearer ${login.body.accessToken}`);
      expect(me.body).toMatchObject({ id: imported.id, phone: imported.phone, name: imported.name });
    }
    const hashes = await db.query<{ password_hash: string }>(
      'SELECT password_hash FROM identity.user_account WHERE id = ANY($1)',
      [accounts.map((imported) => imported.id)],
    );
    expect(hashes.rows.map((row) => row.password_hash)).toEqual([
      expect.stringMatching(/^\$argon2id\$/),
      expect.stringMatching(/^\$argon2id\$/),
    ]);
  });

  it('writes a burst of twenty identical imports once: the others find the rows there, none is refused', async () => {
    const owner = account('周会计');
    const accounts = [owner, account('吴师傅'), account('郑阿姨')];
    const org = cooperative([{ userId: owner.id, role: MembershipRole.Owner }]);

    const accountAnswers = await Promise.all(Array.from({ length: 20 }, () => post('/history/accounts', { accounts })));
    const orgAnswers = await Promise.all(
      Array.from({ length: 20 }, () => post('/history/organisations', { organisations: [org] })),
    );

    expect(accountAnswers.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(accountAnswers.reduce((sum, response) => sum + response.body.imported, 0)).toBe(3);
    expect(orgAnswers.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(orgAnswers.reduce((sum, response) => sum + response.body.imported, 0)).toBe(1);
    const ids = accounts.map((imported) => imported.id);
    expect(await count('SELECT count(*)::int AS n FROM identity.user_account WHERE id = ANY($1)', [ids])).toBe(3);
    expect(await count('SELECT count(*)::int AS n FROM identity.membership WHERE org_id = $1', [org.id])).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM identity.outbox WHERE payload->>'orgId' = $1`, [org.id])).toBe(
      1,
    );
  });

  it('refuses the whole batch when a phone belongs to another account', async () => {
    const registered = await registerActor(identity);
    const fresh = account();
    const clash = { ...account(), phone: registered.phone };

    const response = await post('/history/accounts', { accounts: [fresh, clash] });

    expectRefusal(response, 409, 'import-conflict');
    expect(response.body.params).toEqual({ ids: [clash.id] });
    expect(await count('SELECT count(*)::int AS n FROM identity.user_account WHERE id = $1', [fresh.id])).toBe(0);
  });

  it('imports a verified cooperative with its owner, announces it to catalog once, and the owner owns it', async () => {
    const owner = account('孙社长');
    await post('/history/accounts', { accounts: [owner] }).expect(200);
    const org = cooperative([{ userId: owner.id, role: MembershipRole.Owner }]);

    const first = await post('/history/organisations', { organisations: [org] }).expect(200);
    const again = await post('/history/organisations', { organisations: [org] }).expect(200);

    expect(first.body).toEqual({ received: 1, imported: 1 });
    expect(again.body).toEqual({ received: 1, imported: 0 });
    const seller = await waitFor(
      async () => {
        const response = await request(catalog).get(`/sellers/${org.id}`);
        return response.status === 200 && response.body;
      },
      { what: 'catalog to learn of the imported cooperative' },
    );
    expect(seller).toMatchObject({ orgId: org.id, status: 'verified', countyCode: '360722' });
    const events = await db.query<{ name: string; payload: { decidedBy: string } }>(
      `SELECT name, payload FROM identity.outbox WHERE payload->>'orgId' = $1`,
      [org.id],
    );
    expect(events.rows).toEqual([
      { name: 'org.verified', payload: expect.objectContaining({ decidedBy: admin.userId }) },
    ]);
    const login = await request(identity)
      .post('/auth/login')
      .send({ phone: owner.phone, password: IMPORTED_PASSWORD })
      .expect(200);
    const me = await request(identity).get('/me').set('authorization', `Bearer ${login.body.accessToken}`);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ orgId: org.id, role: MembershipRole.Owner, orgStatus: 'verified' }),
    ]);
  });

  it('announces nothing for a pending seller or a county office', async () => {
    const staff = account('周科长');
    await post('/history/accounts', { accounts: [staff] }).expect(200);
    const pending = cooperative([{ userId: staff.id, role: MembershipRole.Owner }], {
      status: VerificationStatus.Pending,
    });
    const office = {
      id: randomUUID(),
      kind: OrganisationKind.CountyOffice,
      name: '龙南市商务局',
      countyCode: '360727',
      status: VerificationStatus.Verified,
      members: [{ userId: staff.id, role: MembershipRole.CountyStaff }],
    };

    await post('/history/organisations', { organisations: [pending, office] }).expect(200);

    expect(
      await count(`SELECT count(*)::int AS n FROM identity.outbox WHERE payload->>'orgId' = ANY($1)`, [
        [pending.id, office.id],
      ]),
    ).toBe(0);
    const decided = await db.query('SELECT id, status_decided_by FROM identity.organisation WHERE id = $1', [
      pending.id,
    ]);
    expect(decided.rows).toEqual([{ id: pending.id, status_decided_by: null }]);
  });

  it.each([
    [
      'a member without an account',
      () => cooperative([{ userId: randomUUID(), role: MembershipRole.Owner }]),
      422,
      'import-unknown-account',
    ],
    [
      'a role the kind does not give',
      () => cooperative([{ userId: randomUUID(), role: MembershipRole.CountyStaff }]),
      400,
      'role-not-allowed',
    ],
    [
      'the platform organisation',
      () => ({ ...cooperative([]), kind: OrganisationKind.Platform, creditCode: undefined, villageCode: undefined }),
      422,
      'import-platform',
    ],
    [
      'a county office that is not verified',
      () => ({
        ...cooperative([]),
        kind: OrganisationKind.CountyOffice,
        creditCode: undefined,
        villageCode: undefined,
        status: VerificationStatus.Pending,
      }),
      409,
      'not-verifiable',
    ],
    [
      'a credit code that does not check',
      () => cooperative([], { creditCode: '91350100M000100Y44' }),
      400,
      'invalid-credit-code',
    ],
  ])('refuses %s and writes nothing', async (_, make, status, code) => {
    const org = make();
    const response = await post('/history/organisations', { organisations: [org] });

    expectRefusal(response, status, code);
    expect(await count('SELECT count(*)::int AS n FROM identity.organisation WHERE id = $1', [org.id])).toBe(0);
  });

  it('refuses a credit code that belongs to another organisation, with nothing written', async () => {
    const first = cooperative([]);
    await post('/history/organisations', { organisations: [first] }).expect(200);
    const other = cooperative([], { creditCode: first.creditCode });

    const response = await post('/history/organisations', { organisations: [other] });

    expectRefusal(response, 409, 'import-conflict');
    expect(await count('SELECT count(*)::int AS n FROM identity.organisation WHERE id = $1', [other.id])).toBe(0);
  });

  it('is for platform admins only', async () => {
    const buyer = await registerActor(identity);

    expectRefusal(await post('/history/accounts', { accounts: [account()] }, buyer), 403, 'missing-role');
  });
});

import { EventName, MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { uniqueCreditCode, uniquePhone } from '@countyflow/testing';
import { Client } from 'pg';
import request, { Response } from 'supertest';
import { Actor, countyStaff, platformAdmin, registerActor, relogin, sellerOwner } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

function expectProblem(response: Response, status: number, detail: RegExp | string): void {
  expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.detail).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
}

describe('identity organisations, memberships and seller verification', () => {
  let platform: Platform;
  let identity: string;
  let db: Client;
  let admin: Actor;
  let staff: Actor;
  let otherCountyStaff: Actor;
  let plain: Actor;
  /** Owns one cooperative per test below (password hashing is slow, so accounts are shared, organisations not). */
  let owner: Actor;
  let orgs: Record<'members' | 'refusals' | 'lastOwner' | 'race' | 'verify' | 'forbidden' | 'transitions', string>;
  let clerk: Actor;
  let colleague: Actor;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['identity'] });
    identity = platform.urls.identity!;
    db = new Client({ connectionString: platform.db.url });
    await db.connect();
    admin = await platformAdmin(identity, platform.env);
    [staff, otherCountyStaff, plain, owner, clerk, colleague] = await Promise.all([
      countyStaff(identity, admin, '360722'),
      countyStaff(identity, admin, '360723'),
      registerActor(identity, '普通用户'),
      sellerOwner(identity),
      registerActor(identity, '合作社会计'),
      registerActor(identity, '合作社社员'),
    ]);
    const keys = ['members', 'refusals', 'lastOwner', 'race', 'verify', 'forbidden', 'transitions'] as const;
    orgs = { members: owner.orgId! } as typeof orgs;
    for (const key of keys.slice(1)) {
      const created = await request(identity)
        .post('/organisations')
        .set('authorization', `Bearer ${owner.token}`)
        .send(coop())
        .expect(201);
      orgs[key] = created.body.id;
    }
    owner = await relogin(identity, owner);
    // a dozen argon2 hashes and verifications: seconds on an idle machine, more on a busy CI runner
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await platform?.stop();
  });

  const as = (actor: Actor) => ({
    post: (path: string, body?: object) =>
      request(identity)
        .post(path)
        .set('authorization', `Bearer ${actor.token}`)
        .send(body ?? {}),
    get: (path: string) => request(identity).get(path).set('authorization', `Bearer ${actor.token}`),
    delete: (path: string) => request(identity).delete(path).set('authorization', `Bearer ${actor.token}`),
  });
  const coop = (overrides: object = {}) => ({
    kind: OrganisationKind.Cooperative,
    name: '安西镇脐橙专业合作社',
    countyCode: '360722',
    villageCode: '360722100201',
    creditCode: uniqueCreditCode(),
    ...overrides,
  });
  const membersInDb = async (orgId: string) =>
    (
      await db.query<{ user_id: string; role: string }>(
        'SELECT user_id, role FROM identity.membership WHERE org_id = $1 ORDER BY created_at',
        [orgId],
      )
    ).rows;
  const outboxOf = async (orgId: string) =>
    (
      await db.query<{ name: string; payload: Record<string, unknown> }>(
        `SELECT name, payload FROM identity.outbox WHERE payload->>'orgId' = $1 ORDER BY seq`,
        [orgId],
      )
    ).rows;

  describe('POST /organisations', () => {
    it.each([
      [OrganisationKind.Cooperative, '91350100M000100Y43'],
      [OrganisationKind.Merchant, '91110000802100433B'],
    ])('registers a %s with a valid credit code as pending, with the caller as owner', async (kind, creditCode) => {
      const response = await as(plain).post('/organisations', coop({ kind, creditCode, contactPhone: '13912345678' }));

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        kind,
        name: '安西镇脐橙专业合作社',
        countyCode: '360722',
        villageCode: '360722100201',
        creditCode,
        contactPhone: '13912345678',
        status: 'pending',
        statusReason: null,
        createdAt: expect.any(String),
      });
      expect(await membersInDb(response.body.id)).toEqual([{ user_id: plain.userId, role: MembershipRole.Owner }]);
    });

    it('names the expected check character of a mistyped credit code', async () => {
      const response = await as(plain).post('/organisations', coop({ creditCode: '91350100M000100Y44' }));

      expectProblem(response, 400, "creditCode 91350100M000100Y44: check character should be '3', got '4'");
      expect(response.body.type).toBe('/problems/invalid-credit-code');
    });

    it.each([OrganisationKind.Cooperative, OrganisationKind.FamilyFarm, OrganisationKind.Merchant])(
      'requires a credit code of a %s',
      async (kind) => {
        const response = await as(plain).post('/organisations', coop({ kind, creditCode: undefined }));

        expectProblem(response, 400, `a ${kind} must give its unified social credit code`);
      },
    );

    it('registers a service point without a credit code', async () => {
      const response = await as(plain).post(
        '/organisations',
        coop({ kind: OrganisationKind.ServicePoint, creditCode: undefined }),
      );

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ creditCode: null, status: 'pending' });
    });

    it('refuses a credit code that is already registered, however it is typed', async () => {
      const creditCode = uniqueCreditCode();
      await as(plain).post('/organisations', coop({ creditCode })).expect(201);

      const response = await as(plain).post('/organisations', coop({ creditCode: ` ${creditCode.toLowerCase()} ` }));

      expectProblem(response, 409, `an organisation with credit code ${creditCode} is already registered`);
      const { rows } = await db.query('SELECT 1 FROM identity.organisation WHERE credit_code = $1', [creditCode]);
      expect(rows).toHaveLength(1);
    });

    it('refuses a village outside the county', async () => {
      const response = await as(plain).post('/organisations', coop({ villageCode: '360723100201' }));

      expectProblem(response, 400, 'village 360723100201 is not in county 360722');
    });

    it.each([OrganisationKind.CountyOffice, OrganisationKind.Platform])(
      'lets only platform admins create a %s',
      async (kind) => {
        const response = await as(plain).post('/organisations', { kind, name: '县商务局', countyCode: '360722' });

        expectProblem(response, 403, `only platform admins create ${kind} organisations`);
        const { rows } = await db.query('SELECT 1 FROM identity.organisation WHERE kind = $1 AND name = $2', [
          kind,
          '县商务局',
        ]);
        expect(rows).toHaveLength(0);
      },
    );

    it('validates the request', async () => {
      const response = await as(plain).post('/organisations', coop({ kind: 'bank', countyCode: '3607', ownerId: 'x' }));

      expectProblem(response, 400, /kind must be one of the following values/);
      expect(response.body.detail).toMatch(/countyCode must be 6 digits/);
      expect(response.body.detail).toMatch(/property ownerId should not exist/);
    });

    it('refuses a blank name', async () => {
      const response = await as(plain).post('/organisations', coop({ name: '    ' }));

      expectProblem(response, 400, /name must not be blank/);
    });

    it('needs a token', async () => {
      expectProblem(await request(identity).post('/organisations').send(coop()), 401, /send an access token/);
    });
  });

  describe('members', () => {
    it('lets an owner add an account with a role the kind allows, once', async () => {
      const path = `/organisations/${orgs.members}/members`;

      const added = await as(owner).post(path, { phone: clerk.phone, role: 'staff' });

      expect(added.status).toBe(201);
      expect(added.body).toEqual({
        userId: clerk.userId,
        name: '合作社会计',
        phone: clerk.phone,
        role: MembershipRole.Staff,
        since: expect.any(String),
      });
      const listed = await as(owner).get(path).expect(200);
      expect(listed.body.map((member: { userId: string; role: string }) => [member.userId, member.role])).toEqual([
        [owner.userId, MembershipRole.Owner],
        [clerk.userId, MembershipRole.Staff],
      ]);

      const twice = await as(owner).post(path, { phone: clerk.phone, role: 'owner' });

      expectProblem(twice, 409, `${clerk.phone} is already a member of 安西镇脐橙专业合作社`);
      expect(await membersInDb(orgs.members)).toEqual([
        { user_id: owner.userId, role: MembershipRole.Owner },
        { user_id: clerk.userId, role: MembershipRole.Staff },
      ]);
      const clerkMe = await as(clerk).get('/me').expect(200);
      expect(clerkMe.body.memberships).toEqual([
        expect.objectContaining({ orgId: orgs.members, role: MembershipRole.Staff }),
      ]);
    });

    it('refuses roles the kind cannot give, unknown phones and non-owners', async () => {
      const path = `/organisations/${orgs.refusals}/members`;
      await as(owner).post(path, { phone: colleague.phone, role: 'staff' }).expect(201);
      const staffMember = await relogin(identity, colleague);

      expectProblem(
        await as(owner).post(path, { phone: plain.phone, role: MembershipRole.Operator }),
        400,
        'a cooperative can give the roles owner, staff, not operator',
      );
      expectProblem(
        await as(owner).post(path, { phone: plain.phone, role: MembershipRole.CountyStaff }),
        400,
        'a cooperative can give the roles owner, staff, not county_staff',
      );
      const unknownPhone = uniquePhone();
      expectProblem(
        await as(owner).post(path, { phone: unknownPhone, role: 'staff' }),
        404,
        `no account has the phone number ${unknownPhone}; they must register first`,
      );
      expectProblem(
        await as(staffMember).post(path, { phone: plain.phone, role: 'owner' }),
        403,
        'only owners of 安西镇脐橙专业合作社 can change its members',
      );
      expectProblem(await as(owner).post(path, { phone: plain.phone, role: 'boss' }), 400, /role must be one of/);
      expect(await membersInDb(orgs.refusals)).toHaveLength(2);
    });

    it('keeps the last owner, and removes an owner once another exists', async () => {
      const path = `/organisations/${orgs.lastOwner}/members`;

      const lastOwner = await as(owner).delete(`${path}/${owner.userId}`);

      expectProblem(lastOwner, 409, 'an organisation keeps at least one owner; add another owner first');
      expect(lastOwner.body.type).toBe('/problems/last-owner');
      await as(owner).post(path, { phone: colleague.phone, role: 'owner' }).expect(201);
      await as(owner).delete(`${path}/${owner.userId}`).expect(204);
      expect(await membersInDb(orgs.lastOwner)).toEqual([{ user_id: colleague.userId, role: MembershipRole.Owner }]);
      expectProblem(
        await as(await relogin(identity, colleague)).delete(`${path}/${owner.userId}`),
        404,
        `user ${owner.userId} is not a member of 安西镇脐橙专业合作社`,
      );
    });

    it('keeps an owner when two owners remove each other at the same moment', async () => {
      const path = `/organisations/${orgs.race}/members`;
      await as(owner).post(path, { phone: clerk.phone, role: 'owner' }).expect(201);
      const secondOwner = await relogin(identity, clerk);

      const responses = await Promise.all([
        as(owner).delete(`${path}/${secondOwner.userId}`),
        as(secondOwner).delete(`${path}/${owner.userId}`),
      ]);

      expect(responses.map((response) => response.status).sort()).toEqual([204, 409]);
      expect(await membersInDb(orgs.race)).toEqual([{ user_id: expect.any(String), role: MembershipRole.Owner }]);
    });
  });

  describe('verification', () => {
    it('lets county staff of the county verify a pending seller and writes org.verified to the outbox', async () => {
      const response = await as(staff).post(`/organisations/${orgs.verify}/verify`);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: orgs.verify, status: 'verified', statusReason: null });
      const { rows } = await db.query('SELECT status, status_decided_by FROM identity.organisation WHERE id = $1', [
        orgs.verify,
      ]);
      expect(rows).toEqual([{ status: 'verified', status_decided_by: staff.userId }]);
      expect(await outboxOf(orgs.verify)).toEqual([
        {
          name: EventName.OrgVerified,
          payload: {
            orgId: orgs.verify,
            kind: OrganisationKind.Cooperative,
            name: '安西镇脐橙专业合作社',
            countyCode: '360722',
            villageCode: '360722100201',
            creditCode: expect.stringMatching(/^9136/),
            decidedBy: staff.userId,
            reason: null,
          },
        },
      ]);
    });

    it('refuses staff of another county, the seller itself and platform admins, changing nothing', async () => {
      const path = `/organisations/${orgs.forbidden}/verify`;

      for (const caller of [otherCountyStaff, owner, admin]) {
        expectProblem(await as(caller).post(path), 403, 'you are not county staff of county 360722');
      }
      expectProblem(
        await as(owner).post(`/organisations/${orgs.forbidden}/suspend`, { reason: '自己停用' }),
        403,
        'you are not county staff of county 360722',
      );
      const { rows } = await db.query('SELECT status FROM identity.organisation WHERE id = $1', [orgs.forbidden]);
      expect(rows).toEqual([{ status: 'pending' }]);
      expect(await outboxOf(orgs.forbidden)).toEqual([]);
    });

    it('refuses to verify twice, suspends with a reason, and needs the reason', async () => {
      await as(staff).post(`/organisations/${orgs.transitions}/verify`).expect(200);

      const twice = await as(staff).post(`/organisations/${orgs.transitions}/verify`);

      expectProblem(twice, 409, '安西镇脐橙专业合作社 is verified; it cannot be verified');
      expect(twice.body.type).toBe('/problems/illegal-transition');

      const noReason = await as(staff).post(`/organisations/${orgs.transitions}/suspend`, {});
      expectProblem(noReason, 400, /reason must be/);

      const suspended = await as(staff).post(`/organisations/${orgs.transitions}/suspend`, {
        reason: '农药残留抽检不合格',
      });
      expect(suspended.status).toBe(200);
      expect(suspended.body).toMatchObject({ status: 'suspended', statusReason: '农药残留抽检不合格' });
      expect((await outboxOf(orgs.transitions)).map(({ name, payload }) => [name, payload.reason])).toEqual([
        [EventName.OrgVerified, null],
        [EventName.OrgSuspended, '农药残留抽检不合格'],
      ]);
      expectProblem(
        await as(staff).post(`/organisations/${orgs.transitions}/suspend`, { reason: '再次' }),
        409,
        '安西镇脐橙专业合作社 is suspended; it cannot be suspended',
      );
    });

    it('answers 404 for an unknown organisation and 400 for a malformed id', async () => {
      expectProblem(
        await as(staff).post('/organisations/00000000-0000-4000-8000-000000000000/verify'),
        404,
        'no organisation 00000000-0000-4000-8000-000000000000',
      );
      expectProblem(await as(staff).post('/organisations/not-a-uuid/verify'), 400, /uuid is expected/);
    });
  });

  describe('GET /organisations', () => {
    it("lists the county's pending organisations to its staff, and no other county's", async () => {
      const here = await as(plain)
        .post('/organisations', coop({ name: '信丰县脐橙合作社' }))
        .expect(201);
      const elsewhere = await as(plain)
        .post('/organisations', coop({ name: '大余县板鸭合作社', countyCode: '360723', villageCode: '360723100201' }))
        .expect(201);

      const response = await as(staff).get('/organisations').query({ status: 'pending' }).expect(200);

      const ids = response.body.map((org: { id: string }) => org.id);
      expect(ids).toContain(here.body.id);
      expect(ids).not.toContain(elsewhere.body.id);
      for (const org of response.body) {
        expect(org).toMatchObject({ countyCode: '360722', status: 'pending' });
      }
      const limited = await as(staff).get('/organisations').query({ status: 'pending', limit: 1 }).expect(200);
      expect(limited.body).toHaveLength(1);
    });

    it('refuses plain users and staff asking for another county', async () => {
      expectProblem(
        await as(plain).get('/organisations'),
        403,
        'only county staff and platform admins can list organisations',
      );
      expectProblem(
        await as(staff).get('/organisations').query({ countyCode: '360723' }),
        403,
        'you are not county staff of county 360723',
      );
    });
  });

  describe('one organisation can never act on another', () => {
    it("refuses the owner of one organisation on another's members and verification", async () => {
      const other = await as(plain)
        .post('/organisations', coop({ name: '铁石口镇蔬菜合作社' }))
        .expect(201);
      const path = `/organisations/${other.body.id}/members`;

      expectProblem(
        await as(owner).post(path, { phone: owner.phone, role: 'owner' }),
        403,
        'only owners of 铁石口镇蔬菜合作社 can change its members',
      );
      expectProblem(
        await as(owner).delete(`${path}/${plain.userId}`),
        403,
        'only owners of 铁石口镇蔬菜合作社 can change its members',
      );
      expectProblem(await as(owner).get(path), 403, `you cannot see the members of organisation ${other.body.id}`);
      expectProblem(
        await as(owner).post(`/organisations/${other.body.id}/verify`),
        403,
        'you are not county staff of county 360722',
      );
      expect(await membersInDb(other.body.id)).toEqual([{ user_id: plain.userId, role: MembershipRole.Owner }]);
    });
  });
});

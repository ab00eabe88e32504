import { MembershipClaim, Principal } from '@countyflow/auth';
import { EventName, MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { TransactionalConnection } from '@countyflow/persistence';
import type { EntityManager } from 'typeorm';
import { UserAccount } from '../account/account.entities';
import { AccountRepository } from '../account/account.repository';
import { OrganisationCreateDto } from './organisation.dto';
import { Membership, Organisation } from './organisation.entities';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';

const ORG_ID = '0b6f7b1e-2c1d-4e53-8a4f-5d7c6a1e9f10';
const OTHER_ORG_ID = '7d3e1f20-9a8b-4c6d-b5e4-3f2a1b0c9d8e';
const VALID_CODE = '91350100M000100Y43';

const principal = (memberships: Partial<MembershipClaim>[] = [], userId = 'user-1'): Principal =>
  new Principal(
    userId,
    '测试用户',
    'session-1',
    memberships.map((membership) => ({
      orgId: OTHER_ORG_ID,
      orgKind: OrganisationKind.Cooperative,
      countyCode: '360722',
      role: MembershipRole.Owner,
      ...membership,
    })),
  );

const plainUser = principal();
const platformAdmin = principal([
  { orgKind: OrganisationKind.Platform, countyCode: '000000', role: MembershipRole.PlatformAdmin },
]);
const countyStaffOf = (countyCode: string) =>
  principal([{ orgKind: OrganisationKind.CountyOffice, countyCode, role: MembershipRole.CountyStaff }], 'staff-1');
const ownerOf = (orgId: string) => principal([{ orgId, role: MembershipRole.Owner }], 'owner-1');

const organisation = (overrides: Partial<Organisation> = {}): Organisation =>
  Object.assign(new Organisation(), {
    id: ORG_ID,
    kind: OrganisationKind.Cooperative,
    name: '安西镇脐橙专业合作社',
    countyCode: '360722',
    villageCode: '360722100201',
    creditCode: VALID_CODE,
    contactPhone: null,
    status: VerificationStatus.Pending,
    statusReason: null,
    statusDecidedBy: null,
    createdAt: new Date('2026-03-01T08:00:00Z'),
    updatedAt: new Date('2026-03-01T08:00:00Z'),
    ...overrides,
  });

function setup(found: Organisation | null = organisation()) {
  const manager = { name: 'transaction manager' } as unknown as EntityManager;
  const db = {
    manager: { name: 'pool manager' },
    withTransaction: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(manager)),
  };
  const organisations = {
    create: jest.fn((_: EntityManager, fields: Partial<Organisation>) =>
      Promise.resolve(organisation({ ...fields, id: ORG_ID })),
    ),
    find: jest.fn().mockResolvedValue(found),
    findForUpdate: jest.fn().mockResolvedValue(found),
    save: jest.fn((_: EntityManager, saved: Organisation) => Promise.resolve(saved)),
    findByCreditCode: jest.fn().mockResolvedValue(null),
    search: jest.fn().mockResolvedValue([]),
    addMember: jest.fn((_: EntityManager, orgId: string, userId: string, role: MembershipRole) =>
      Promise.resolve(Object.assign(new Membership(), { id: 'm-1', orgId, userId, role, createdAt: new Date() })),
    ),
    findMembership: jest.fn().mockResolvedValue(null),
    removeMember: jest.fn().mockResolvedValue(true),
    countOwners: jest.fn().mockResolvedValue(1),
    membersOf: jest.fn().mockResolvedValue([]),
  };
  const accounts = { findUserByPhone: jest.fn().mockResolvedValue(null) };
  const events = { publish: jest.fn().mockResolvedValue('event-1') };
  const sut = new OrganisationService(
    db as unknown as TransactionalConnection,
    organisations as unknown as OrganisationRepository,
    accounts as unknown as AccountRepository,
    events as unknown as EventPublisher,
  );
  return { sut, organisations, accounts, events, manager };
}

const rejection = async (promise: Promise<unknown>): Promise<Problem> => {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
};

const cooperative = (overrides: Partial<OrganisationCreateDto> = {}): OrganisationCreateDto => ({
  kind: OrganisationKind.Cooperative,
  name: ' 安西镇脐橙专业合作社 ',
  countyCode: '360722',
  villageCode: '360722100201',
  creditCode: VALID_CODE,
  ...overrides,
});

describe(OrganisationService.name, () => {
  describe('create', () => {
    it('registers a seller as pending and makes the caller its owner, in one transaction', async () => {
      const { sut, organisations, manager } = setup();

      const created = await sut.create(plainUser, cooperative());

      expect(organisations.create).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({
          name: '安西镇脐橙专业合作社',
          status: VerificationStatus.Pending,
          creditCode: VALID_CODE,
        }),
      );
      expect(organisations.addMember).toHaveBeenCalledWith(manager, ORG_ID, 'user-1', MembershipRole.Owner);
      expect(created).toMatchObject({
        id: ORG_ID,
        status: VerificationStatus.Pending,
        createdAt: '2026-03-01T08:00:00.000Z',
      });
    });

    it.each([OrganisationKind.CountyOffice, OrganisationKind.Platform])(
      'lets only platform admins create a %s',
      async (kind) => {
        const { sut, organisations } = setup();

        const problem = await rejection(sut.create(ownerOf(ORG_ID), { kind, name: '县商务局', countyCode: '360722' }));

        expect(problem.getStatus()).toBe(403);
        expect(problem.message).toBe(`only platform admins create ${kind} organisations`);
        expect(organisations.create).not.toHaveBeenCalled();
      },
    );

    it('creates a county office for a platform admin, verified, without making the admin a member', async () => {
      const { sut, organisations } = setup();

      await sut.create(platformAdmin, {
        kind: OrganisationKind.CountyOffice,
        name: '信丰县商务局',
        countyCode: '360722',
      });

      expect(organisations.create).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({ status: VerificationStatus.Verified }),
      );
      expect(organisations.addMember).not.toHaveBeenCalled();
    });

    it('refuses a village outside the county', async () => {
      const { sut } = setup();

      const problem = await rejection(sut.create(plainUser, cooperative({ villageCode: '360723100201' })));

      expect(problem.getStatus()).toBe(400);
      expect(problem.message).toBe('village 360723100201 is not in county 360722');
    });

    it.each([OrganisationKind.Cooperative, OrganisationKind.FamilyFarm, OrganisationKind.Merchant])(
      'requires a credit code of a %s',
      async (kind) => {
        const { sut } = setup();

        const problem = await rejection(sut.create(plainUser, cooperative({ kind, creditCode: undefined })));

        expect(problem.getStatus()).toBe(400);
        expect(problem.message).toBe(`a ${kind} must give its unified social credit code`);
      },
    );

    it('does not require a credit code of a service point', async () => {
      const { sut, organisations } = setup();

      await sut.create(plainUser, cooperative({ kind: OrganisationKind.ServicePoint, creditCode: undefined }));

      expect(organisations.create).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({ creditCode: null }),
      );
    });

    it('names the expected check character of a mistyped credit code', async () => {
      const { sut } = setup();

      const problem = await rejection(sut.create(plainUser, cooperative({ creditCode: '91350100M000100Y44' })));

      expect(problem.getStatus()).toBe(400);
      expect(problem.code).toBe('invalid-credit-code');
      expect(problem.message).toBe("creditCode 91350100M000100Y44: check character should be '3', got '4'");
    });

    it('refuses a credit code that is already registered', async () => {
      const { sut, organisations } = setup();
      organisations.findByCreditCode.mockResolvedValue(organisation());

      const problem = await rejection(sut.create(plainUser, cooperative()));

      expect(problem.getStatus()).toBe(409);
      expect(problem.message).toBe(`an organisation with credit code ${VALID_CODE} is already registered`);
      expect(organisations.create).not.toHaveBeenCalled();
    });
  });

  describe('search', () => {
    it('refuses callers who are neither county staff nor platform admins', async () => {
      const { sut } = setup();

      const problem = await rejection(sut.search(ownerOf(ORG_ID), {}));

      expect(problem.getStatus()).toBe(403);
      expect(problem.message).toBe('only county staff and platform admins can list organisations');
    });

    it("lists the staff's own county when no county is asked for", async () => {
      const { sut, organisations } = setup();

      await sut.search(countyStaffOf('360722'), { status: VerificationStatus.Pending });

      expect(organisations.search).toHaveBeenCalledWith(
        { countyCode: '360722', status: VerificationStatus.Pending },
        50,
      );
    });

    it('refuses county staff asking for another county', async () => {
      const { sut, organisations } = setup();

      const problem = await rejection(sut.search(countyStaffOf('360722'), { countyCode: '360723' }));

      expect(problem.getStatus()).toBe(403);
      expect(problem.message).toBe('you are not county staff of county 360723');
      expect(organisations.search).not.toHaveBeenCalled();
    });

    it('lets platform admins list every county', async () => {
      const { sut, organisations } = setup();

      await sut.search(platformAdmin, { limit: 10 });

      expect(organisations.search).toHaveBeenCalledWith({}, 10);
    });
  });

  describe('verify and suspend', () => {
    it('verifies a pending seller and writes org.verified with the same transaction', async () => {
      const { sut, organisations, events, manager } = setup();

      const verified = await sut.verify(countyStaffOf('360722'), ORG_ID);

      expect(verified.status).toBe(VerificationStatus.Verified);
      expect(organisations.findForUpdate).toHaveBeenCalledWith(manager, ORG_ID);
      expect(organisations.save).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ status: VerificationStatus.Verified, statusDecidedBy: 'staff-1' }),
      );
      expect(events.publish).toHaveBeenCalledWith(manager, EventName.OrgVerified, {
        orgId: ORG_ID,
        kind: OrganisationKind.Cooperative,
        name: '安西镇脐橙专业合作社',
        countyCode: '360722',
        villageCode: '360722100201',
        creditCode: VALID_CODE,
        decidedBy: 'staff-1',
        reason: null,
      });
    });

    it('suspends with the reason and writes org.suspended', async () => {
      const { sut, events } = setup(organisation({ status: VerificationStatus.Verified }));

      const suspended = await sut.suspend(countyStaffOf('360722'), ORG_ID, '农药残留抽检不合格');

      expect(suspended).toMatchObject({ status: VerificationStatus.Suspended, statusReason: '农药残留抽检不合格' });
      expect(events.publish).toHaveBeenCalledWith(
        expect.anything(),
        EventName.OrgSuspended,
        expect.objectContaining({ orgId: ORG_ID, reason: '农药残留抽检不合格' }),
      );
    });

    it.each([
      ['staff of another county', countyStaffOf('360723')],
      ['the owner of the organisation', ownerOf(ORG_ID)],
      ['a platform admin', platformAdmin],
    ])('refuses %s with 403 and changes nothing', async (_, caller) => {
      const { sut, organisations, events } = setup();

      const problem = await rejection(sut.verify(caller, ORG_ID));

      expect(problem.getStatus()).toBe(403);
      expect(problem.message).toBe('you are not county staff of county 360722');
      expect(organisations.save).not.toHaveBeenCalled();
      expect(events.publish).not.toHaveBeenCalled();
    });

    it.each([
      ['verify', VerificationStatus.Verified, 'verified'],
      ['suspend', VerificationStatus.Suspended, 'suspended'],
    ] as const)('refuses to %s an organisation that already is %s with 409', async (action, status, participle) => {
      const { sut, events } = setup(organisation({ status }));

      const problem = await rejection(
        action === 'verify'
          ? sut.verify(countyStaffOf('360722'), ORG_ID)
          : sut.suspend(countyStaffOf('360722'), ORG_ID, '复查'),
      );

      expect(problem.getStatus()).toBe(409);
      expect(problem.code).toBe('illegal-transition');
      expect(problem.message).toBe(`安西镇脐橙专业合作社 is ${status}; it cannot be ${participle}`);
      expect(events.publish).not.toHaveBeenCalled();
    });

    it('re-verifies a suspended seller', async () => {
      const { sut } = setup(organisation({ status: VerificationStatus.Suspended, statusReason: '抽检不合格' }));

      const verified = await sut.verify(countyStaffOf('360722'), ORG_ID);

      expect(verified).toMatchObject({ status: VerificationStatus.Verified, statusReason: null });
    });

    it('refuses to verify a county office', async () => {
      const { sut } = setup(organisation({ kind: OrganisationKind.CountyOffice, status: VerificationStatus.Verified }));

      const problem = await rejection(sut.verify(countyStaffOf('360722'), ORG_ID));

      expect(problem.getStatus()).toBe(409);
      expect(problem.code).toBe('not-verifiable');
    });

    it('answers 404 for an unknown organisation', async () => {
      const { sut } = setup(null);

      const problem = await rejection(sut.verify(countyStaffOf('360722'), ORG_ID));

      expect(problem.getStatus()).toBe(404);
    });
  });

  describe('members', () => {
    const member = Object.assign(new UserAccount(), { id: 'user-2', phone: '13900139000', name: '李四' });

    it('lets an owner add an account with a role the kind allows', async () => {
      const { sut, organisations, accounts } = setup();
      accounts.findUserByPhone.mockResolvedValue(member);

      const added = await sut.addMember(ownerOf(ORG_ID), ORG_ID, { phone: '13900139000', role: MembershipRole.Staff });

      expect(organisations.addMember).toHaveBeenCalledWith(expect.anything(), ORG_ID, 'user-2', MembershipRole.Staff);
      expect(added).toMatchObject({ userId: 'user-2', phone: '13900139000', role: MembershipRole.Staff });
    });

    it.each([
      ['a member who is not an owner', principal([{ orgId: ORG_ID, role: MembershipRole.Staff }])],
      ['the owner of another organisation', ownerOf(OTHER_ORG_ID)],
      ['county staff of the county', countyStaffOf('360722')],
    ])('refuses %s with 403', async (_, caller) => {
      const { sut, organisations, accounts } = setup();
      accounts.findUserByPhone.mockResolvedValue(member);

      const problem = await rejection(
        sut.addMember(caller, ORG_ID, { phone: '13900139000', role: MembershipRole.Staff }),
      );

      expect(problem.getStatus()).toBe(403);
      expect(problem.message).toBe('only owners of 安西镇脐橙专业合作社 can change its members');
      expect(organisations.addMember).not.toHaveBeenCalled();
    });

    it.each([MembershipRole.Operator, MembershipRole.CountyStaff, MembershipRole.PlatformAdmin])(
      'refuses the role %s in a cooperative with 400 naming the allowed roles',
      async (role) => {
        const { sut } = setup();

        const problem = await rejection(sut.addMember(ownerOf(ORG_ID), ORG_ID, { phone: '13900139000', role }));

        expect(problem.getStatus()).toBe(400);
        expect(problem.message).toBe(`a cooperative can give the roles owner, staff, not ${role}`);
      },
    );

    it('answers 404 for a phone number without an account', async () => {
      const { sut } = setup();

      const problem = await rejection(
        sut.addMember(ownerOf(ORG_ID), ORG_ID, { phone: '13900139000', role: MembershipRole.Staff }),
      );

      expect(problem.getStatus()).toBe(404);
      expect(problem.message).toBe('no account has the phone number 13900139000; they must register first');
    });

    it('answers 409 for someone who is already a member', async () => {
      const { sut, organisations, accounts } = setup();
      accounts.findUserByPhone.mockResolvedValue(member);
      organisations.findMembership.mockResolvedValue(new Membership());

      const problem = await rejection(
        sut.addMember(ownerOf(ORG_ID), ORG_ID, { phone: '13900139000', role: MembershipRole.Staff }),
      );

      expect(problem.getStatus()).toBe(409);
      expect(problem.message).toBe('13900139000 is already a member of 安西镇脐橙专业合作社');
    });

    it('keeps the last owner', async () => {
      const { sut, organisations } = setup();
      organisations.findMembership.mockResolvedValue(Object.assign(new Membership(), { role: MembershipRole.Owner }));
      organisations.countOwners.mockResolvedValue(1);

      const problem = await rejection(sut.removeMember(ownerOf(ORG_ID), ORG_ID, 'owner-1'));

      expect(problem.getStatus()).toBe(409);
      expect(problem.code).toBe('last-owner');
      expect(organisations.removeMember).not.toHaveBeenCalled();
    });

    it('removes an owner while another remains, counting under the organisation row lock', async () => {
      const { sut, organisations, manager } = setup();
      organisations.findMembership.mockResolvedValue(Object.assign(new Membership(), { role: MembershipRole.Owner }));
      organisations.countOwners.mockResolvedValue(2);

      await sut.removeMember(ownerOf(ORG_ID), ORG_ID, 'owner-1');

      expect(organisations.findForUpdate).toHaveBeenCalledWith(manager, ORG_ID);
      expect(organisations.countOwners).toHaveBeenCalledWith(ORG_ID, manager);
      expect(organisations.removeMember).toHaveBeenCalledWith(ORG_ID, 'owner-1', manager);
    });

    it('lets members, county staff of the county and platform admins see the members, nobody else', async () => {
      const { sut } = setup();

      for (const caller of [ownerOf(ORG_ID), countyStaffOf('360722'), platformAdmin]) {
        await expect(sut.members(caller, ORG_ID)).resolves.toEqual([]);
      }
      for (const caller of [ownerOf(OTHER_ORG_ID), countyStaffOf('360723')]) {
        expect((await rejection(sut.members(caller, ORG_ID))).getStatus()).toBe(403);
      }
    });
  });
});

import { MembershipRole, OrganisationKind, VerificationStatus } from '@countyflow/contracts';
import { creditCodeFor, fixedId, mobileFor, personNameFor } from './demo-codes';
import { GOODS_SELLERS, PRODUCE_SELLERS, SellerPlan } from './demo-county-catalog';
import { COUNTY_HUB, DRIVER_PLATE, pointName, TOWNS, townStationName, VILLAGES } from './demo-county-network';
import type { Api } from './demo-services';

/** Everyone in the demo logs in with this password. */
export const DEMO_PASSWORD = 'countyflow-2026';
export const DEMO_COUNTY = { code: '360722', name: '信丰县' };

export interface DemoUser {
  id: string;
  phone: string;
  name: string;
  /** What the README says this login is for. */
  role: string;
}

export interface DemoOrg {
  id: string;
  kind: OrganisationKind;
  name: string;
  countyCode: string;
  villageCode: string | null;
  creditCode: string | null;
  status: VerificationStatus;
  members: [userId: string, role: MembershipRole][];
  /** The owner's phone, for the county's contact list. */
  contactPhone?: string | null;
}

// Fixed ids make the seed idempotent: a second run inserts nothing.
export const DEMO_USERS: DemoUser[] = [
  // identity opens this account itself (PLATFORM_ADMIN_*): its id is identity's; look it up by phone
  { id: 'a0000000-0000-4000-8000-000000000001', phone: '13900000001', name: '平台管理员', role: 'platform admin' },
  { id: 'a0000000-0000-4000-8000-000000000002', phone: '13900000002', name: '张建华', role: 'county staff of 信丰县' },
  {
    id: 'a0000000-0000-4000-8000-000000000003',
    phone: '13900000003',
    name: '刘德明',
    role: 'owner of 安西镇脐橙专业合作社 (produce seller)',
  },
  {
    id: 'a0000000-0000-4000-8000-000000000004',
    phone: '13900000004',
    name: '陈丽萍',
    role: 'owner of 信丰县惠农农资超市 (goods seller)',
  },
  {
    id: 'a0000000-0000-4000-8000-000000000005',
    phone: '13900000005',
    name: '黄小梅',
    role: 'operator of 大塘埠村益农信息社 (village service point)',
  },
  { id: 'a0000000-0000-4000-8000-000000000006', phone: '13900000006', name: '李想', role: 'urban buyer in 深圳' },
  { id: 'a0000000-0000-4000-8000-000000000007', phone: '13900000007', name: '王秀英', role: 'villager of 大塘埠村' },
  {
    id: 'a0000000-0000-4000-8000-000000000008',
    phone: '13900000008',
    name: '赵春生',
    role: 'owner of 古陂镇赵家庄家庭农场 (pending verification)',
  },
];

export const DEMO_ORGS: DemoOrg[] = [
  // identity opens the platform organisation itself with the first platform admin (PLATFORM_ADMIN_*)
  {
    id: 'b0000000-0000-4000-8000-000000000001',
    kind: OrganisationKind.Platform,
    name: 'CountyFlow 平台运营',
    countyCode: '000000',
    villageCode: null,
    creditCode: null,
    status: VerificationStatus.Verified,
    members: [[DEMO_USERS[0].id, MembershipRole.PlatformAdmin]],
  },
  {
    id: 'b0000000-0000-4000-8000-000000000002',
    kind: OrganisationKind.CountyOffice,
    name: '信丰县商务局电商办',
    countyCode: '360722',
    villageCode: null,
    creditCode: null,
    status: VerificationStatus.Verified,
    members: [[DEMO_USERS[1].id, MembershipRole.CountyStaff]],
  },
  {
    id: 'b0000000-0000-4000-8000-000000000003',
    kind: OrganisationKind.Cooperative,
    name: '信丰县安西镇脐橙专业合作社',
    countyCode: '360722',
    villageCode: '360722105201',
    creditCode: '91350100M000100Y43',
    status: VerificationStatus.Verified,
    members: [[DEMO_USERS[2].id, MembershipRole.Owner]],
    contactPhone: '13900000003',
  },
  {
    id: 'b0000000-0000-4000-8000-000000000004',
    kind: OrganisationKind.Merchant,
    name: '信丰县惠农农资超市',
    countyCode: '360722',
    villageCode: null,
    creditCode: '91110000802100433B',
    status: VerificationStatus.Verified,
    members: [[DEMO_USERS[3].id, MembershipRole.Owner]],
    contactPhone: '13900000004',
  },
  {
    id: 'b0000000-0000-4000-8000-000000000005',
    kind: OrganisationKind.ServicePoint,
    name: '大塘埠村益农信息社',
    countyCode: '360722',
    villageCode: '360722101203',
    creditCode: null,
    status: VerificationStatus.Verified,
    members: [[DEMO_USERS[4].id, MembershipRole.Owner]],
    contactPhone: '13900000005',
  },
  {
    id: 'b0000000-0000-4000-8000-000000000006',
    kind: OrganisationKind.FamilyFarm,
    name: '古陂镇赵家庄家庭农场',
    countyCode: '360722',
    villageCode: '360722102210',
    creditCode: '92360722MA35T0QW4T',
    status: VerificationStatus.Pending,
    members: [[DEMO_USERS[7].id, MembershipRole.Owner]],
    contactPhone: '13900000008',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// The demo county's people and organisations, beyond the eight original logins above (which keep their ids).

/** Groups of the fixed ids: the n-th organisation of a group is `b…-<group><n>`, its first member `a…-<group><n>`. */
const GROUP = { hub: 1, town: 2, village: 3, producer: 4, merchant: 5, cityBuyer: 6, villager: 7, driver: 8 } as const;

/** The original demo organisations that are also part of the county (they keep their fixed ids). */
const ORIGINAL: Record<string, { org: DemoOrg; owner: DemoUser }> = {
  'coop-anxi-orange': { org: DEMO_ORGS[2], owner: DEMO_USERS[2] },
  'merchant-huinong': { org: DEMO_ORGS[3], owner: DEMO_USERS[3] },
  '360722101203': { org: DEMO_ORGS[4], owner: DEMO_USERS[4] },
};

const CITIES = ['深圳', '广州', '上海', '北京', '南昌', '赣州', '厦门', '长沙', '杭州', '东莞', '佛山', '武汉'];

function buildCounty(): {
  users: DemoUser[];
  orgs: DemoOrg[];
  pointOrgIds: Map<string, string>;
  sellerOrgIds: Map<string, string>;
  ownerOf: Map<string, DemoUser>;
} {
  const phones = new Set(DEMO_USERS.map((user) => user.phone));
  const names = new Set(DEMO_USERS.map((user) => user.name));
  const users: DemoUser[] = [];
  const orgs: DemoOrg[] = [];
  const pointOrgIds = new Map<string, string>();
  const sellerOrgIds = new Map<string, string>();
  const ownerOf = new Map<string, DemoUser>();
  const person = (group: number, n: number, key: string, role: string): DemoUser => {
    const user = {
      id: fixedId('a', group, n),
      phone: mobileFor(key, phones),
      name: personNameFor(key, names),
      role,
    };
    users.push(user);
    return user;
  };
  const organisation = (
    group: number,
    n: number,
    key: string,
    fields: Omit<DemoOrg, 'id' | 'members' | 'status' | 'countyCode'>,
    ownerRole: string,
  ): { org: DemoOrg; owner: DemoUser } => {
    const original = ORIGINAL[key];
    if (original) {
      return original;
    }
    const owner = person(group, n, key, ownerRole);
    const org: DemoOrg = {
      id: fixedId('b', group, n),
      countyCode: DEMO_COUNTY.code,
      status: VerificationStatus.Verified,
      members: [[owner.id, MembershipRole.Owner]],
      contactPhone: owner.phone,
      ...fields,
    };
    orgs.push(org);
    return { org, owner };
  };
  const point = (group: number, n: number, code: string, name: string, villageCode: string | null): void => {
    const { org, owner } = organisation(
      group,
      n,
      code,
      { kind: OrganisationKind.ServicePoint, name, villageCode, creditCode: null },
      `operator of ${name}`,
    );
    pointOrgIds.set(code, org.id);
    ownerOf.set(code, owner);
  };

  point(GROUP.hub, 1, COUNTY_HUB.code, COUNTY_HUB.name, null);
  TOWNS.forEach((town, index) => point(GROUP.town, index + 1, town.code, `信丰县${townStationName(town)}`, null));
  VILLAGES.forEach((village, index) => point(GROUP.village, index + 1, village.code, pointName(village), village.code));

  const seller = (group: number, plan: SellerPlan, index: number): void => {
    const type =
      plan.kind === OrganisationKind.Cooperative ? '93' : plan.kind === OrganisationKind.FamilyFarm ? '92' : '91';
    const { org, owner } = organisation(
      group,
      index + 1,
      plan.key,
      {
        kind: plan.kind,
        name: plan.name,
        villageCode: plan.villageCode,
        creditCode: creditCodeFor(plan.key, type, DEMO_COUNTY.code),
      },
      `owner of ${plan.name} (${plan.kind === OrganisationKind.Merchant ? 'goods' : 'produce'} seller)`,
    );
    sellerOrgIds.set(plan.key, org.id);
    ownerOf.set(plan.key, owner);
  };
  PRODUCE_SELLERS.forEach((plan, index) => seller(GROUP.producer, plan, index));
  GOODS_SELLERS.forEach((plan, index) => seller(GROUP.merchant, plan, index));

  // the hub's driver (a member of its organisation in the role driver), who drives refrigerated van 1
  const hubOrg = orgs.find((org) => org.id === pointOrgIds.get(COUNTY_HUB.code))!;
  const driver = person(GROUP.driver, 1, 'driver-hub-1', `driver of ${COUNTY_HUB.name} (van ${DRIVER_PLATE})`);
  hubOrg.members.push([driver.id, MembershipRole.Driver]);

  for (let n = 1; n <= 24; n++) {
    person(GROUP.cityBuyer, n, `city-buyer-${n}`, `urban buyer in ${CITIES[(n - 1) % CITIES.length]}`);
  }
  VILLAGES.forEach((village, index) => {
    if (village.code !== '360722101203') {
      person(GROUP.villager, index + 1, `villager-${village.code}`, `villager of ${village.name}`);
    }
  });
  return { users, orgs, pointOrgIds, sellerOrgIds, ownerOf };
}

const COUNTY = buildCounty();

/** Every demo account: the original eight and the county's operators, owners, city buyers and villagers. */
export const ALL_USERS: DemoUser[] = [...DEMO_USERS, ...COUNTY.users];
/** Every demo organisation: the original six and the county's service points, cooperatives, farms and merchants. */
export const ALL_ORGS: DemoOrg[] = [...DEMO_ORGS, ...COUNTY.orgs];

/** The organisation that operates the node with this code (hub, town station or village point). */
export const operatorOrgIdOf = (nodeCode: string): string => required(COUNTY.pointOrgIds.get(nodeCode), nodeCode);
/** The organisation id of a seller of the plan, by its key. */
export const sellerOrgIdOf = (sellerKey: string): string => required(COUNTY.sellerOrgIds.get(sellerKey), sellerKey);
/** The owner of a seller (by key) or the operator of a node (by code): the account the seed acts as. */
export const ownerOf = (key: string): DemoUser => required(COUNTY.ownerOf.get(key), key);
/** The hub's driver; the seed assigns them to the vehicle with plate DRIVER_PLATE. */
export const DEMO_DRIVER: DemoUser = required(
  COUNTY.users.find((user) => user.id === fixedId('a', GROUP.driver, 1)),
  'driver-hub-1',
);

/** The county staff member who runs the network and the storefront (张建华). */
export const COUNTY_STAFF = DEMO_USERS[1];

/**
 * The platform admin (平台管理员). Identity appoints the deployment's first platform admin itself, at boot, from
 * PLATFORM_ADMIN_* (docs/identity.md): the seed boots identity with these settings and writes neither the account
 * nor the platform organisation.
 */
export const PLATFORM_ADMIN = DEMO_USERS[0];
export const PLATFORM_ADMIN_SETTINGS = {
  PLATFORM_ADMIN_PHONE: PLATFORM_ADMIN.phone,
  PLATFORM_ADMIN_PASSWORD: DEMO_PASSWORD,
  PLATFORM_ADMIN_NAME: PLATFORM_ADMIN.name,
};
/** The accounts and organisations the seed imports (all but the platform admin and the platform, identity's own). */
export const SEEDED_USERS: DemoUser[] = ALL_USERS.filter((user) => user !== PLATFORM_ADMIN);
export const SEEDED_ORGS: DemoOrg[] = ALL_ORGS.filter((org) => org.kind !== OrganisationKind.Platform);

function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) {
    throw new Error(`nothing in the demo county for ${key}`);
  }
  return value;
}

/** The verified sellers of the demo (the ones catalog must know). */
export const VERIFIED_SELLER_ORG_IDS: string[] = ALL_ORGS.filter(
  (org) =>
    org.status === VerificationStatus.Verified &&
    [OrganisationKind.Cooperative, OrganisationKind.FamilyFarm, OrganisationKind.Merchant].includes(org.kind),
).map((org) => org.id);

/**
 * Accounts, organisations and memberships of the demo county, through identity's imports (`POST /history/accounts`,
 * `POST /history/organisations`) as the platform admin, with their fixed ids and the demo password: identity hashes
 * it (once for the lot, at its configured cost) and skips what it holds, so a later run imports nothing. A verified
 * seller or service point is announced by identity (`org.verified`, decided by the county staff member) when it is
 * new, so the other services learn of it the way they learn of any, and a later run never re-announces a decision.
 * The platform admin and the platform organisation are identity's own (see PLATFORM_ADMIN).
 */
export async function seedIdentity(identity: Api): Promise<{ users: number; orgs: number }> {
  const accounts = await identity.post<{ imported: number }>('/history/accounts', {
    accounts: SEEDED_USERS.map(({ id, phone, name }) => ({ id, phone, name, password: DEMO_PASSWORD })),
  });
  const organisations = await identity.post<{ imported: number }>('/history/organisations', {
    organisations: SEEDED_ORGS.map(({ members, contactPhone, villageCode, creditCode, ...org }) => ({
      ...org,
      ...(villageCode && { villageCode }),
      ...(creditCode && { creditCode }),
      ...(contactPhone && { contactPhone }),
      ...(org.status !== VerificationStatus.Pending && { decidedBy: COUNTY_STAFF.id }),
      members: members.map(([userId, role]) => ({ userId, role })),
    })),
  });
  return { users: accounts.imported, orgs: organisations.imported };
}

import {
  EventName,
  MembershipRole,
  OrganisationKind,
  OrgStatusChanged,
  VerificationStatus,
} from '@countyflow/contracts';
import argon2 from 'argon2';
import { Client } from 'pg';

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
}

// Fixed ids make the seed idempotent: a second run inserts nothing.
export const DEMO_USERS: DemoUser[] = [
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
  },
];

/** The org.verified event each verified organisation once caused, with a fixed id so it is written once. */
const verifiedEventId = (orgId: string): string => `c${orgId.slice(1)}`;

/**
 * Accounts, organisations and memberships of the demo county. Verified sellers and service points also get the
 * `org.verified` event in identity's outbox, so the other services learn of them the way they learn of any.
 */
export async function seedIdentity(client: Client): Promise<{ users: number; orgs: number }> {
  let users = 0;
  let orgs = 0;
  for (const user of DEMO_USERS) {
    const exists = await client.query('SELECT 1 FROM identity.user_account WHERE id = $1', [user.id]);
    if (exists.rowCount) {
      continue;
    }
    const hash = await argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id });
    const inserted = await client.query(
      `INSERT INTO identity.user_account (id, phone, name, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [user.id, user.phone, user.name, hash],
    );
    users += inserted.rowCount ?? 0;
  }
  for (const org of DEMO_ORGS) {
    await client.query('BEGIN');
    try {
      const inserted = await client.query(
        `INSERT INTO identity.organisation (id, kind, name, county_code, village_code, credit_code, status, status_decided_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [org.id, org.kind, org.name, org.countyCode, org.villageCode, org.creditCode, org.status, DEMO_USERS[1].id],
      );
      for (const [userId, role] of org.members) {
        await client.query(
          `INSERT INTO identity.membership (org_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (org_id, user_id) DO NOTHING`,
          [org.id, userId, role],
        );
      }
      const verifiable = ![OrganisationKind.Platform, OrganisationKind.CountyOffice].includes(org.kind);
      if (verifiable && org.status === VerificationStatus.Verified) {
        const payload: OrgStatusChanged = {
          orgId: org.id,
          kind: org.kind,
          name: org.name,
          countyCode: org.countyCode,
          villageCode: org.villageCode,
          creditCode: org.creditCode,
          decidedBy: DEMO_USERS[1].id,
          reason: null,
        };
        await client.query(
          `INSERT INTO identity.outbox (id, name, payload, correlation_id) VALUES ($1, $2, $3, 'seed') ON CONFLICT (id) DO NOTHING`,
          [verifiedEventId(org.id), EventName.OrgVerified, JSON.stringify(payload)],
        );
      }
      await client.query('COMMIT');
      orgs += inserted.rowCount ?? 0;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  }
  return { users, orgs };
}

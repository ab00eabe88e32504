import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import type { Env } from '@countyflow/kernel';
import { uniqueCreditCode, uniquePhone } from '@countyflow/testing';
import request from 'supertest';

export interface Actor {
  userId: string;
  phone: string;
  password: string;
  name: string;
  token: string;
  refreshToken: string;
  /** The organisation this actor was created for, if any. */
  orgId?: string;
}

export const PASSWORD = 'harvest-2026';

interface Membership {
  orgId: string;
  role: MembershipRole;
}

/**
 * Asks identity for an SMS code to `phone` and reads it from the development outbox (`GET /dev/sms`), as a developer
 * would. `from` is the caller's address (x-forwarded-for), for tests that count per IP.
 */
export async function smsCode(
  identityUrl: string,
  phone: string,
  purpose: 'register' | 'reset_password' = 'register',
  from?: string,
): Promise<string> {
  const asked = request(identityUrl).post('/auth/sms-codes');
  await (from ? asked.set('x-forwarded-for', from) : asked).send({ phone, purpose }).expect(202);
  const outbox = await request(identityUrl).get('/dev/sms').query({ phone }).expect(200);
  const latest = (outbox.body as { template: string; params: { code?: string } }[]).find(
    (message) => message.template === 'verification_code',
  );
  if (!latest?.params.code) {
    throw new Error(`no SMS code reached ${phone} in the development outbox`);
  }
  return latest.params.code;
}

/** Registers and logs in a new account through the identity API at `identityUrl` (a service or the gateway). */
export async function registerActor(identityUrl: string, name = '测试用户'): Promise<Actor> {
  const phone = uniquePhone();
  const code = await smsCode(identityUrl, phone);
  const registered = await request(identityUrl)
    .post('/auth/register')
    .send({ phone, password: PASSWORD, name, code })
    .expect(201);
  const tokens = await login(identityUrl, phone);
  return { userId: registered.body.id, phone, password: PASSWORD, name, ...tokens };
}

export async function login(
  identityUrl: string,
  phone: string,
  password = PASSWORD,
): Promise<{ token: string; refreshToken: string }> {
  const response = await request(identityUrl).post('/auth/login').send({ phone, password }).expect(200);
  return { token: response.body.accessToken, refreshToken: response.body.refreshToken };
}

/** Logs in again so that the access token carries memberships added since. */
export async function relogin(identityUrl: string, actor: Actor): Promise<Actor> {
  return { ...actor, ...(await login(identityUrl, actor.phone, actor.password)) };
}

/**
 * The platform admin: the account identity appointed itself at boot from PLATFORM_ADMIN_* (startPlatform sets them
 * in `env`, as a deployment does), logged in with a session of its own. Every call is the same account, so a test
 * that needs a second admin has this one appoint them (`POST /organisations/{platform}/members`).
 */
export async function platformAdmin(identityUrl: string, env: Env): Promise<Actor> {
  const phone = env.PLATFORM_ADMIN_PHONE;
  const password = env.PLATFORM_ADMIN_PASSWORD;
  if (!phone || !password) {
    throw new Error('the platform was started without its first platform admin (PLATFORM_ADMIN_*)');
  }
  const tokens = await login(identityUrl, phone, password);
  const me = await request(identityUrl).get('/me').set('authorization', `Bearer ${tokens.token}`).expect(200);
  const { id, name, memberships } = me.body as { id: string; name: string; memberships: Membership[] };
  const platform = memberships.find((membership) => membership.role === MembershipRole.PlatformAdmin);
  if (!platform) {
    throw new Error(`${phone} is not the platform admin: another account was appointed first`);
  }
  return { userId: id, phone, password, name, ...tokens, orgId: platform.orgId };
}

/** County staff of `countyCode`: the admin creates the county office and appoints a new account to it. */
export async function countyStaff(identityUrl: string, admin: Actor, countyCode = '360722'): Promise<Actor> {
  const office = await request(identityUrl)
    .post('/organisations')
    .set('authorization', `Bearer ${admin.token}`)
    .send({ kind: OrganisationKind.CountyOffice, name: `${countyCode} 县商务局`, countyCode })
    .expect(201);
  const staff = await registerActor(identityUrl, '县商务局干部');
  await request(identityUrl)
    .post(`/organisations/${office.body.id}/members`)
    .set('authorization', `Bearer ${admin.token}`)
    .send({ phone: staff.phone, role: MembershipRole.CountyStaff })
    .expect(201);
  return { ...(await relogin(identityUrl, staff)), orgId: office.body.id };
}

/** The owner of a new, pending seller organisation. */
export async function sellerOwner(
  identityUrl: string,
  { countyCode = '360722', kind = OrganisationKind.Cooperative, name = '安西镇脐橙专业合作社' } = {},
): Promise<Actor> {
  const owner = await registerActor(identityUrl, '合作社理事长');
  const org = await request(identityUrl)
    .post('/organisations')
    .set('authorization', `Bearer ${owner.token}`)
    .send({ kind, name, countyCode, creditCode: uniqueCreditCode(), villageCode: `${countyCode}100201` })
    .expect(201);
  return { ...(await relogin(identityUrl, owner)), orgId: org.body.id };
}

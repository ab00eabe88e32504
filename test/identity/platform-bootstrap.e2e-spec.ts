import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { listen } from '@countyflow/kernel';
import { uniquePhone } from '@countyflow/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createIdentityApp } from '../../apps/identity/src/identity.app';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { PASSWORD, registerActor } from '../support/actors';
import { Platform, startPlatform } from '../support/platform';

interface Me {
  id: string;
  name: string;
  memberships: { orgId: string; orgKind: string; role: string }[];
}

const ADMIN_PASSWORD = 'first-admin-2026';

/*
 * The first platform admin of a deployment, appointed by identity itself at boot from PLATFORM_ADMIN_* (nobody can
 * appoint them through the API, since that takes an admin). Each boot below is a real identity app on the file's
 * database, as a restart or a second replica would be.
 */
describe('identity appoints the first platform admin from its settings', () => {
  let platform: Platform;
  const booted: NestFastifyApplication[] = [];

  /** Boots another identity on the platform's database with these settings; returns its URL. */
  const bootIdentity = async (settings: Record<string, string>): Promise<string> => {
    const app = await createIdentityApp(loadIdentityConfig({ ...platform.env, ...settings }, { port: 0 }));
    booted.push(app);
    return listen(app, 0);
  };
  const loginAs = async (url: string, phone: string, password: string) =>
    request(url).post('/auth/login').send({ phone, password });
  const me = async (url: string, token: string): Promise<Me> =>
    (await request(url).get('/me').set('authorization', `Bearer ${token}`).expect(200)).body as Me;

  beforeAll(async () => {
    // this file's identity starts without the settings: no platform admin yet
    platform = await startPlatform({ services: ['identity'], withoutPlatformAdmin: true });
  });

  afterAll(async () => {
    for (const app of booted) {
      await app.close();
    }
    await platform?.stop();
  });

  it('opens the account, the platform organisation and the role when the phone has no account', async () => {
    const phone = uniquePhone();
    const url = await bootIdentity({
      PLATFORM_ADMIN_PHONE: phone,
      PLATFORM_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PLATFORM_ADMIN_NAME: '首任管理员',
    });
    const login = await loginAs(url, phone, ADMIN_PASSWORD);
    expect(login.status).toBe(200);
    const admin = await me(url, login.body.accessToken);
    expect(admin.name).toBe('首任管理员');
    expect(admin.memberships).toEqual([
      expect.objectContaining({ orgKind: OrganisationKind.Platform, role: MembershipRole.PlatformAdmin }),
    ]);

    // the role is the real one: the admin opens a county office, which only platform admins may
    await request(url)
      .post('/organisations')
      .set('authorization', `Bearer ${login.body.accessToken}`)
      .send({ kind: OrganisationKind.CountyOffice, name: '360722 县商务局', countyCode: '360722' })
      .expect(201);

    // a restart, and a replica told of someone else, change nothing: there is an admin already
    const other = uniquePhone();
    const again = await bootIdentity({ PLATFORM_ADMIN_PHONE: other, PLATFORM_ADMIN_PASSWORD: 'someone-else-9' });
    expect((await loginAs(again, other, 'someone-else-9')).status).toBe(401);
    const members = await request(again)
      .get(`/organisations/${admin.memberships[0].orgId}/members`)
      .set('authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(members.body).toEqual([expect.objectContaining({ userId: admin.id, role: MembershipRole.PlatformAdmin })]);
  });

  it('refuses PLATFORM_ADMIN_PHONE without a password, and a weak or malformed one', () => {
    const boot = (settings: Record<string, string>) => () => loadIdentityConfig({ ...platform.env, ...settings });
    expect(boot({ PLATFORM_ADMIN_PHONE: uniquePhone() })).toThrow(/PLATFORM_ADMIN_PASSWORD must be set/);
    expect(boot({ PLATFORM_ADMIN_PHONE: uniquePhone(), PLATFORM_ADMIN_PASSWORD: 'password' })).toThrow(
      /PLATFORM_ADMIN_PASSWORD must contain a letter and a digit/,
    );
    expect(boot({ PLATFORM_ADMIN_PHONE: '12345', PLATFORM_ADMIN_PASSWORD: ADMIN_PASSWORD })).toThrow(
      /PLATFORM_ADMIN_PHONE/,
    );
  });
});

describe('identity appoints an existing account as the first platform admin', () => {
  it('keeps the account and its password, and adds the role', async () => {
    const platform = await startPlatform({ services: ['identity'], withoutPlatformAdmin: true });
    let app: NestFastifyApplication | undefined;
    try {
      const person = await registerActor(platform.urls.identity!, '已有账号');
      app = await createIdentityApp(
        loadIdentityConfig(
          { ...platform.env, PLATFORM_ADMIN_PHONE: person.phone, PLATFORM_ADMIN_PASSWORD: 'not-their-password-1' },
          { port: 0 },
        ),
      );
      const url = await listen(app, 0);
      expect(
        (await request(url).post('/auth/login').send({ phone: person.phone, password: 'not-their-password-1' })).status,
      ).toBe(401);
      const login = await request(url)
        .post('/auth/login')
        .send({ phone: person.phone, password: PASSWORD })
        .expect(200);
      const admin = (await request(url).get('/me').set('authorization', `Bearer ${login.body.accessToken}`).expect(200))
        .body as Me;
      expect(admin.id).toBe(person.userId);
      expect(admin.memberships).toEqual([
        expect.objectContaining({ orgKind: OrganisationKind.Platform, role: MembershipRole.PlatformAdmin }),
      ]);
    } finally {
      await app?.close();
      await platform.stop();
    }
  });
});

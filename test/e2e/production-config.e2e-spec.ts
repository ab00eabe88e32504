import { Env } from '@countyflow/kernel';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogConfig } from '../../apps/catalog/src/catalog.config';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';
import { loadIdentityConfig } from '../../apps/identity/src/identity.config';
import { loadLogisticsConfig } from '../../apps/logistics/src/logistics.config';
import { loadOrdersConfig } from '../../apps/orders/src/orders.config';

/*
 * Production with the repository's own settings: every app, booted with .env.example copied (NODE_ENV switched to
 * production), refuses to start and names each published secret and each simulator; with secrets of its own and
 * the simulators off, it starts.
 */

const ROOT = join(__dirname, '../..');

function envExample(): Env {
  const env: Env = {};
  for (const line of readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) {
      env[match[1]] = match[2];
    }
  }
  return env;
}

const APPS: [string, (env: Env) => unknown, string[]][] = [
  ['gateway', loadGatewayConfig, ['JWT_SECRET']],
  ['identity', loadIdentityConfig, ['JWT_SECRET', 'MEDIA_SIGNING_SECRET']],
  ['catalog', loadCatalogConfig, ['JWT_SECRET', 'MEDIA_SIGNING_SECRET']],
  ['orders', loadOrdersConfig, ['JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET']],
  ['logistics', loadLogisticsConfig, ['JWT_SECRET', 'CARRIER_WEBHOOK_SECRET']],
];

const refusal = (load: (env: Env) => unknown, env: Env): string => {
  try {
    load(env);
  } catch (error) {
    return (error as Error).message;
  }
  return 'started';
};

describe('production refuses the secrets published in the repository', () => {
  const copied: Env = { ...envExample(), NODE_ENV: 'production' };

  it.each(APPS)('%s refuses .env.example copied, naming each published secret', (_, load, keys) => {
    expect(copied.JWT_SECRET).toBeTruthy();
    const message = refusal(load, { ...copied, PAYMENT_SIMULATOR: 'false', CARRIER_SIMULATOR: 'false' });
    for (const key of keys) {
      expect(message).toMatch(new RegExp(`- ${key}: this value is published in the repository`));
    }
  });

  it('refuses the payment simulator and the simulated carrier in production', () => {
    const own = { ...copied, ...ownSecrets() };
    expect(refusal(loadOrdersConfig, own)).toMatch(/PAYMENT_SIMULATOR: the payment simulator cannot run in production/);
    expect(refusal(loadLogisticsConfig, own)).toMatch(
      /CARRIER_SIMULATOR: the simulated carrier cannot run in production/,
    );
    // unset, both are off in production
    const unset = { ...own, PAYMENT_SIMULATOR: undefined, CARRIER_SIMULATOR: undefined };
    expect(refusal(loadOrdersConfig, unset)).toBe('started');
    expect(refusal(loadLogisticsConfig, unset)).toBe('started');
  });

  it('refuses any carrier but 快递100 in production, and 快递100 without its keys or with a published salt', () => {
    const own = { ...copied, ...ownSecrets(), CARRIER_SIMULATOR: 'false' };
    const carrier = /- CARRIER: production hands parcels to a real express carrier: set CARRIER=kuaidi100/;
    expect(refusal(loadLogisticsConfig, { ...own, CARRIER: 'simulated' })).toMatch(carrier);
    expect(refusal(loadLogisticsConfig, { ...own, CARRIER: undefined })).toMatch(carrier);
    const keyless = refusal(loadLogisticsConfig, { ...own, KUAIDI100_KEY: undefined, KUAIDI100_SALT: undefined });
    expect(keyless).toMatch(/KUAIDI100_KEY: the 快递100 account key is required for CARRIER=kuaidi100/);
    expect(keyless).toMatch(/KUAIDI100_SALT must be at least 16 characters for CARRIER=kuaidi100/);
    expect(keyless).not.toMatch(carrier);
    // a salt or key anyone can read in the repository would let anyone forge a 签收 push
    const published = refusal(loadLogisticsConfig, {
      ...own,
      KUAIDI100_SALT: 'development-only-carrier-webhook-secret',
      KUAIDI100_KEY: 'development-carrier-webhook-secret',
    });
    expect(published).toMatch(/- KUAIDI100_SALT: this value is published in the repository/);
    expect(published).toMatch(/- KUAIDI100_KEY: this value is published in the repository/);
    expect(refusal(loadLogisticsConfig, own)).toBe('started');
  });

  it('refuses the development SMS outbox in production, and a real SMS provider without its keys', () => {
    const own = { ...copied, ...ownSecrets() };
    const sms = /SMS_PROVIDER: production sends real SMS: choose aliyun or tencent and configure it/;
    expect(refusal(loadIdentityConfig, { ...own, SMS_PROVIDER: 'dev' })).toMatch(sms);
    expect(refusal(loadIdentityConfig, { ...own, SMS_PROVIDER: undefined })).toMatch(/SMS_PROVIDER|sms\.provider/);
    const aliyun = refusal(loadIdentityConfig, { ...own, SMS_PROVIDER: 'aliyun' });
    expect(aliyun).toMatch(/ALIYUN_SMS_ACCESS_KEY_ID: required when SMS_PROVIDER=aliyun/);
    expect(aliyun).toMatch(/ALIYUN_SMS_ACCESS_KEY_SECRET: required when SMS_PROVIDER=aliyun/);
  });

  it("refuses a password hash cheaper than OWASP's minimum in production; tests hash cheaply unless told", () => {
    const own = { ...copied, ...ownSecrets() };
    const cheap = /PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_PASSES must be at least 19456 and 2 in production/;
    expect(refusal(loadIdentityConfig, { ...own, PASSWORD_HASH_MEMORY_KIB: '1024' })).toMatch(cheap);
    expect(refusal(loadIdentityConfig, { ...own, PASSWORD_HASH_PASSES: '1' })).toMatch(cheap);
    expect(refusal(loadIdentityConfig, { ...own, PASSWORD_HASH_MEMORY_KIB: '19456', PASSWORD_HASH_PASSES: '2' })).toBe(
      'started',
    );
    const costOf = (env: Env) => loadIdentityConfig(env).passwordHash;
    expect(costOf({ ...own, NODE_ENV: 'production' })).toEqual({ memoryKib: 65_536, passes: 3, lanes: 4 });
    expect(costOf({ NODE_ENV: 'development' })).toEqual({ memoryKib: 65_536, passes: 3, lanes: 4 });
    expect(costOf({ NODE_ENV: 'test' })).toEqual({ memoryKib: 1024, passes: 1, lanes: 1 });
    expect(costOf({ NODE_ENV: 'test', PASSWORD_HASH_MEMORY_KIB: '65536' }).memoryKib).toBe(65_536);
  });

  it.each(APPS)('%s starts in production with secrets of its own', (_, load) => {
    const simulatorsOff = { PAYMENT_SIMULATOR: 'false', CARRIER_SIMULATOR: 'false' };
    expect(refusal(load, { ...copied, ...ownSecrets(), ...simulatorsOff })).toBe('started');
  });

  it('still runs development and tests on the published defaults', () => {
    for (const [, load] of APPS) {
      expect(refusal(load, { ...envExample(), NODE_ENV: 'development' })).toBe('started');
    }
  });
});

function ownSecrets(): Env {
  const own = () => randomBytes(32).toString('base64url');
  return {
    JWT_SECRET: own(),
    PAYMENT_WEBHOOK_SECRET: own(),
    CARRIER_WEBHOOK_SECRET: own(),
    MEDIA_SIGNING_SECRET: own(),
    ...realCarrier(own),
    ...realProvider(),
    ...realSms(own),
  };
}

/** Production hands city parcels to 快递100 (its key is issued by 快递100; the salt is ours). */
function realCarrier(own: () => string): Env {
  return {
    CARRIER: 'kuaidi100',
    KUAIDI100_KEY: own().slice(0, 20),
    KUAIDI100_COMPANY: 'zhongtong',
    KUAIDI100_CALLBACK_URL: 'https://countyflow.example.cn/api/logistics/carrier/kuaidi100/push',
    KUAIDI100_SALT: own(),
  };
}

/** Production sends real SMS: identity and logistics start only with a real provider (Tencent Cloud here). */
function realSms(own: () => string): Env {
  return {
    SMS_PROVIDER: 'tencent',
    SMS_SIGN_NAME: '县域优选',
    SMS_TEMPLATE_IDS: JSON.stringify({
      verification_code: '1893001',
      ready_for_pickup: '1893002',
      pickup_reminder: '1893003',
      returned_to_sender: '1893004',
      parcel_dispatched: '1893005',
      presale_released: '1893006',
      presale_balance_due: '1893007',
      presale_refunded: '1893008',
      group_complete: '1893009',
      group_refunded: '1893010',
    }),
    TENCENT_SMS_SECRET_ID: own(),
    TENCENT_SMS_SECRET_KEY: own(),
    TENCENT_SMS_SDK_APP_ID: '1400787878',
  };
}

/** Production takes real money: orders starts only with a real provider (Alipay here, keys made for the test). */
function realProvider(): Env {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    PAYMENT_PROVIDER: 'alipay',
    ALIPAY_APP_ID: '2021000117612345',
    ALIPAY_APP_PRIVATE_KEY: app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ALIPAY_PUBLIC_KEY: alipay.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    PAYMENT_NOTIFY_BASE_URL: 'https://pay.county.example/api/orders',
  };
}

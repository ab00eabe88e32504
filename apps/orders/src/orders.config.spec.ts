import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadOrdersConfig } from './orders.config';

describe('orders payment configuration', () => {
  const secret = () => randomBytes(32).toString('base64url');
  const production = () => ({
    NODE_ENV: 'production',
    JWT_SECRET: secret(),
    PAYMENT_WEBHOOK_SECRET: secret(),
    DATABASE_URL: `postgres://orders:${secret()}@db:5432/countyflow`,
  });
  const pems = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\\n'),
    };
  };
  const refusal = (env: Record<string, string | undefined>): string => {
    try {
      loadOrdersConfig(env);
    } catch (error) {
      return (error as Error).message;
    }
    return 'started';
  };

  it('uses the simulator in development and tests', () => {
    expect(loadOrdersConfig({ NODE_ENV: 'development' }).paymentProvider).toBe('simulated');
    expect(loadOrdersConfig({ NODE_ENV: 'test' }).paymentProvider).toBe('simulated');
  });

  it('refuses to start in production without a real provider', () => {
    expect(refusal(production())).toMatch(/- paymentProvider|PAYMENT_PROVIDER/);
    expect(refusal({ ...production(), PAYMENT_PROVIDER: 'simulated' })).toMatch(
      /PAYMENT_PROVIDER: production takes real money/,
    );
  });

  it('names every WeChat Pay setting that is missing', () => {
    const message = refusal({ ...production(), PAYMENT_PROVIDER: 'wechatpay' });

    for (const key of [
      'WECHATPAY_MCH_ID',
      'WECHATPAY_APP_ID',
      'WECHATPAY_MERCHANT_SERIAL_NO',
      'WECHATPAY_MERCHANT_PRIVATE_KEY',
      'WECHATPAY_PLATFORM_PUBLIC_KEY',
      'WECHATPAY_PLATFORM_PUBLIC_KEY_ID',
      'WECHATPAY_API_V3_KEY',
      'PAYMENT_NOTIFY_BASE_URL',
    ]) {
      expect(message).toContain(`- ${key}: required when PAYMENT_PROVIDER=wechatpay`);
    }
  });

  it('starts in production with WeChat Pay configured, and refuses keys that are not keys', () => {
    const merchant = pems();
    const platform = pems();
    const wechat = {
      ...production(),
      PAYMENT_PROVIDER: 'wechatpay',
      WECHATPAY_MCH_ID: '1900000109',
      WECHATPAY_APP_ID: 'wxd678efh567hg6787',
      WECHATPAY_MERCHANT_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      WECHATPAY_MERCHANT_PRIVATE_KEY: merchant.privateKey,
      WECHATPAY_PLATFORM_PUBLIC_KEY: platform.publicKey,
      WECHATPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
      WECHATPAY_API_V3_KEY: randomBytes(16).toString('hex'),
      PAYMENT_NOTIFY_BASE_URL: 'https://pay.county.example/api/orders',
    };

    expect(refusal(wechat)).toBe('started');
    expect(refusal({ ...wechat, WECHATPAY_MERCHANT_PRIVATE_KEY: 'not a key' })).toMatch(
      /WECHATPAY_MERCHANT_PRIVATE_KEY: not a PEM private key/,
    );
    expect(refusal({ ...wechat, WECHATPAY_API_V3_KEY: 'short' })).toMatch(/WECHATPAY_API_V3_KEY must be 32 characters/);
  });

  it('starts in production with Alipay configured, and names what is missing', () => {
    const app = pems();
    const alipay = pems();
    const configured = {
      ...production(),
      PAYMENT_PROVIDER: 'alipay',
      ALIPAY_APP_ID: '2021000117612345',
      ALIPAY_APP_PRIVATE_KEY: app.privateKey,
      ALIPAY_PUBLIC_KEY: alipay.publicKey,
      PAYMENT_NOTIFY_BASE_URL: 'https://pay.county.example/api/orders',
    };

    expect(refusal(configured)).toBe('started');
    expect(refusal({ ...configured, ALIPAY_PUBLIC_KEY: undefined })).toMatch(
      /- ALIPAY_PUBLIC_KEY: required when PAYMENT_PROVIDER=alipay/,
    );
    expect(refusal({ ...configured, ALIPAY_PUBLIC_KEY: app.privateKey })).toMatch(
      /ALIPAY_PUBLIC_KEY: not a PEM public key/,
    );
  });
});

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

  describe('a merchant per county (PAYMENT_MERCHANTS)', () => {
    const platformAlipay = () => {
      const app = pems();
      const alipay = pems();
      return {
        ...production(),
        PAYMENT_PROVIDER: 'alipay',
        ALIPAY_APP_ID: '2021000117612345',
        ALIPAY_APP_PRIVATE_KEY: app.privateKey,
        ALIPAY_PUBLIC_KEY: alipay.publicKey,
        PAYMENT_NOTIFY_BASE_URL: 'https://pay.county.example/api/orders',
      };
    };
    const ruijinWechat = () => {
      const merchant = pems();
      const platform = pems();
      return {
        PAYMENT_MERCHANTS: 'ruijin',
        PAYMENT_MERCHANT_RUIJIN_PROVIDER: 'wechatpay',
        PAYMENT_MERCHANT_RUIJIN_COUNTIES: '360781, 360782',
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_MCH_ID: '1900000110',
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_APP_ID: 'wxd678efh567hg6788',
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_MERCHANT_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A7232F1B8E2',
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_MERCHANT_PRIVATE_KEY: merchant.privateKey,
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_PLATFORM_PUBLIC_KEY: platform.publicKey,
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000001',
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_API_V3_KEY: randomBytes(16).toString('hex'),
      };
    };

    it('loads each county merchant with its own keys, never the platform provider’s', () => {
      const config = loadOrdersConfig({ ...platformAlipay(), ...ruijinWechat() });
      expect(config.paymentProvider).toBe('alipay');
      expect(config.paymentMerchants).toHaveLength(1);
      const [ruijin] = config.paymentMerchants;
      expect(ruijin).toMatchObject({ name: 'ruijin', provider: 'wechatpay', counties: ['360781', '360782'] });
      expect(ruijin.settings).toMatchObject({ paymentProvider: 'wechatpay', wechatpayMchId: '1900000110' });
      expect(ruijin.settings.alipayAppId).toBeUndefined();
      expect(ruijin.settings.paymentNotifyBaseUrl).toBe('https://pay.county.example/api/orders');
    });

    it('refuses to start when a county names a merchant without its keys, or with keys that are not keys', () => {
      const missing = refusal({
        ...platformAlipay(),
        ...ruijinWechat(),
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_MCH_ID: undefined,
        PAYMENT_MERCHANT_RUIJIN_WECHATPAY_API_V3_KEY: undefined,
      });
      expect(missing).toContain(
        '- PAYMENT_MERCHANT_RUIJIN_WECHATPAY_MCH_ID: required when merchant ruijin (wechatpay)',
      );
      expect(missing).toContain(
        '- PAYMENT_MERCHANT_RUIJIN_WECHATPAY_API_V3_KEY: required when merchant ruijin (wechatpay)',
      );
      expect(
        refusal({ ...platformAlipay(), ...ruijinWechat(), PAYMENT_MERCHANT_RUIJIN_WECHATPAY_PLATFORM_PUBLIC_KEY: 'x' }),
      ).toContain('PAYMENT_MERCHANT_RUIJIN_WECHATPAY_PLATFORM_PUBLIC_KEY: not a PEM public key');
      expect(
        refusal({ ...platformAlipay(), ...ruijinWechat(), PAYMENT_MERCHANT_RUIJIN_PROVIDER: undefined }),
      ).toContain('PAYMENT_MERCHANT_RUIJIN_PROVIDER: wechatpay or alipay');
    });

    it('refuses a county paid through two merchants, and a merchant with no county', () => {
      const both = {
        ...platformAlipay(),
        ...ruijinWechat(),
        PAYMENT_MERCHANTS: 'ruijin,nankang',
        PAYMENT_MERCHANT_NANKANG_PROVIDER: 'alipay',
        PAYMENT_MERCHANT_NANKANG_COUNTIES: '360782',
        PAYMENT_MERCHANT_NANKANG_ALIPAY_APP_ID: '2021000117612346',
        PAYMENT_MERCHANT_NANKANG_ALIPAY_APP_PRIVATE_KEY: pems().privateKey,
        PAYMENT_MERCHANT_NANKANG_ALIPAY_PUBLIC_KEY: pems().publicKey,
      };
      expect(refusal(both)).toContain(
        'PAYMENT_MERCHANT_NANKANG_COUNTIES: county 360782 is already paid through the merchant ruijin',
      );
      expect(refusal({ ...both, PAYMENT_MERCHANT_RUIJIN_COUNTIES: '360781' })).toBe('started');
      expect(refusal({ ...both, PAYMENT_MERCHANT_RUIJIN_COUNTIES: '' })).toContain(
        'PAYMENT_MERCHANT_RUIJIN_COUNTIES: the six-digit codes',
      );
    });
  });
});

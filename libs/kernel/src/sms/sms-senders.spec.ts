import { FakeSmsProvider, makeSmsKeys, startFakeAliyunSms, startFakeTencentSms } from '@countyflow/testing';
import { AliyunSmsSender } from './aliyun-sms.sender';
import { SmsConfig, smsConfigProblems, smsFromEnv } from './sms.config';
import { SmsSendFailed, SmsTemplate } from './sms.port';
import { TencentSmsSender } from './tencent-sms.sender';

const TEMPLATES = { verification_code: 'SMS_465380001', ready_for_pickup: 'SMS_465380002' };
const code = {
  phone: '13812345678',
  template: SmsTemplate.VerificationCode,
  params: { code: '402718', minutes: '10' },
  text: '【县域优选】验证码 402718，10 分钟内有效。',
};

const failure = async (promise: Promise<unknown>): Promise<SmsSendFailed> => {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(SmsSendFailed);
  return thrown as SmsSendFailed;
};

describe(AliyunSmsSender.name, () => {
  let fake: FakeSmsProvider;
  const keys = makeSmsKeys();
  const sender = (overrides: Partial<ConstructorParameters<typeof AliyunSmsSender>[0]> = {}) =>
    new AliyunSmsSender({
      accessKeyId: keys.id,
      accessKeySecret: keys.secret,
      signName: '县域优选',
      templateIds: TEMPLATES,
      endpoint: fake.url,
      timeoutMs: 5000,
      ...overrides,
    });

  beforeAll(async () => {
    fake = await startFakeAliyunSms(keys);
  });
  afterAll(() => fake.close());

  it('sends SendSms signed with the AccessKey, the template code and its parameters by name', async () => {
    await sender().send(code);
    expect(fake.lastTo('13812345678')).toEqual({
      phone: '13812345678',
      signName: '县域优选',
      templateId: 'SMS_465380001',
      params: { code: '402718', minutes: '10' },
    });
  });

  it('is refused with a wrong secret, and says what the provider answered', async () => {
    const refused = await failure(sender({ accessKeySecret: makeSmsKeys().secret }).send(code));
    expect(refused.code).toBe('SignatureDoesNotMatch');
    expect(fake.refused).toContain('SignatureDoesNotMatch');
  });

  it('is refused with a clock 20 minutes off', async () => {
    const refused = await failure(sender({ now: () => new Date(Date.now() - 20 * 60_000) }).send(code));
    expect(refused.code).toBe('InvalidTimeStamp.Expired');
  });

  it("fails with the provider's code when it declines (throttling)", async () => {
    fake.failNext('isv.BUSINESS_LIMIT_CONTROL');
    const refused = await failure(sender().send(code));
    expect(refused.code).toBe('isv.BUSINESS_LIMIT_CONTROL');
  });

  it('fails without calling out when the template has no code, and when the provider is unreachable', async () => {
    const before = fake.inbox.length;
    await failure(sender().send({ ...code, template: SmsTemplate.PickupReminder }));
    expect(fake.inbox).toHaveLength(before);
    const unreachable = await failure(sender({ endpoint: 'http://127.0.0.1:9' }).send(code));
    expect(unreachable.message).toMatch(/unreachable/);
  });
});

describe(TencentSmsSender.name, () => {
  let fake: FakeSmsProvider;
  const keys = makeSmsKeys();
  const sender = (overrides: Partial<ConstructorParameters<typeof TencentSmsSender>[0]> = {}) =>
    new TencentSmsSender({
      secretId: keys.id,
      secretKey: keys.secret,
      sdkAppId: '1400787878',
      signName: '县域优选',
      templateIds: { verification_code: '1893001' },
      region: 'ap-guangzhou',
      endpoint: fake.url,
      timeoutMs: 5000,
      ...overrides,
    });

  beforeAll(async () => {
    fake = await startFakeTencentSms(keys, '1400787878');
  });
  afterAll(() => fake.close());

  it('sends SendSms 2021-01-11 signed with TC3-HMAC-SHA256, the parameters by position', async () => {
    await sender().send(code);
    expect(fake.lastTo('13812345678')).toEqual({
      phone: '13812345678',
      signName: '县域优选',
      templateId: '1893001',
      params: { '1': '402718', '2': '10' },
    });
  });

  it.each([
    ['a wrong secret key', { secretKey: makeSmsKeys().secret }, 'AuthFailure.SignatureFailure'],
    ['an unknown secret id', { secretId: 'AKIDunknown' }, 'AuthFailure.SecretIdNotFound'],
    ['a clock 10 minutes off', { now: () => new Date(Date.now() - 10 * 60_000) }, 'AuthFailure.SignatureExpire'],
    ['another application', { sdkAppId: '1400000001' }, 'FailedOperation.SmsSdkAppIdVerifyFail'],
  ])('is refused with %s', async (_, overrides, expected) => {
    const refused = await failure(sender(overrides).send(code));
    expect(refused.code).toBe(expected);
  });

  it("fails with the status's code when one number is not sent", async () => {
    fake.failNext('LimitExceeded.PhoneNumberDailyLimit');
    const refused = await failure(sender().send(code));
    expect(refused.code).toBe('LimitExceeded.PhoneNumberDailyLimit');
  });
});

describe('SMS settings', () => {
  const load = (env: Record<string, string>, nodeEnv = 'production') =>
    smsConfigProblems(Object.assign(new SmsConfig(), smsFromEnv(env, nodeEnv)), nodeEnv);

  it('sends to the development outbox outside production, and refuses it in production', () => {
    expect(smsFromEnv({}, 'development').provider).toBe('dev');
    expect(load({ SMS_PROVIDER: 'dev' })).toEqual([
      'SMS_PROVIDER: production sends real SMS: choose aliyun or tencent and configure it',
    ]);
  });

  it('names every key a real provider lacks, and every template without an id', () => {
    expect(load({ SMS_PROVIDER: 'tencent', SMS_TEMPLATE_IDS: '{"verification_code":"1"}' })).toEqual([
      'TENCENT_SMS_SECRET_ID: required when SMS_PROVIDER=tencent',
      'TENCENT_SMS_SECRET_KEY: required when SMS_PROVIDER=tencent',
      'TENCENT_SMS_SDK_APP_ID: required when SMS_PROVIDER=tencent',
      'SMS_SIGN_NAME: required when SMS_PROVIDER=tencent',
      'SMS_TEMPLATE_IDS: needs a template id for ready_for_pickup, pickup_reminder, returned_to_sender, parcel_dispatched, ' +
        'presale_released, presale_balance_due, presale_refunded, group_complete, group_refunded',
    ]);
    expect(load({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_IDS: 'SMS_1' })).toContain(
      'SMS_TEMPLATE_IDS: must be a JSON object of template name → provider template id',
    );
  });
});

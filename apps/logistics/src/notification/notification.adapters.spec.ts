import { SmsMessage, SmsSender, SmsSendFailed, SmsTemplate, TencentSmsSender } from '@countyflow/kernel';
import { FakeSmsProvider, makeSmsKeys, startFakeTencentSms } from '@countyflow/testing';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { SmsNotificationAdapter } from './notification.adapters';
import { NotificationStatus } from './notification.entity';

class FakeSender extends SmsSender {
  readonly sent: SmsMessage[] = [];
  send(message: SmsMessage): Promise<void> {
    if (message.phone === '13900000000') {
      return Promise.reject(new SmsSendFailed('number unreachable'));
    }
    this.sent.push(message);
    return Promise.resolve();
  }
}

describe(SmsNotificationAdapter.name, () => {
  it('records messages as pending and sends them through the gateway after commit, keeping failures', async () => {
    const updates: [string, Record<string, unknown>][] = [];
    const inserted: Record<string, unknown>[] = [];
    const manager = {
      getRepository: () => ({
        insert: (row: Record<string, unknown>) => {
          inserted.push(row);
          return Promise.resolve();
        },
        update: (id: string, changes: Record<string, unknown>) => {
          updates.push([id, changes]);
          return Promise.resolve();
        },
      }),
      query: () =>
        Promise.resolve([
          {
            id: 'n1',
            phone: '13812345678',
            template: 'ready_for_pickup',
            params: { code: '1-2-3456' },
            body: '取件码 1-2-3456',
          },
          {
            id: 'n2',
            phone: '13900000000',
            template: 'ready_for_pickup',
            params: { code: '2-1-0042' },
            body: '取件码 2-1-0042',
          },
        ]),
    } as unknown as EntityManager;
    const gateway = new FakeSender();
    const sut = new SmsNotificationAdapter(new Clock(), gateway);

    await sut.notify(manager, {
      shipmentId: 's1',
      countyCode: '360722',
      recipientPhone: '13812345678',
      template: SmsTemplate.ReadyForPickup,
      params: { code: '1-2-3456' },
      body: '取件码 1-2-3456',
    });
    expect(inserted[0]).toMatchObject({ channel: 'sms', status: NotificationStatus.Pending });

    expect(await sut.dispatchPending(manager)).toBe(1);
    expect(gateway.sent).toEqual([
      { phone: '13812345678', template: 'ready_for_pickup', params: { code: '1-2-3456' }, text: '取件码 1-2-3456' },
    ]);
    expect(updates).toEqual([
      ['n1', expect.objectContaining({ status: NotificationStatus.Sent })],
      ['n2', expect.objectContaining({ status: NotificationStatus.Failed, error: 'number unreachable' })],
    ]);
  });
});

describe(`${SmsNotificationAdapter.name} through Tencent Cloud SMS`, () => {
  let fake: FakeSmsProvider;
  const keys = makeSmsKeys();

  beforeAll(async () => {
    fake = await startFakeTencentSms(keys, '1400787878');
  });
  afterAll(() => fake.close());

  it('sends a pending pickup message with its template and params by position, and records the sending', async () => {
    const updates: [string, Record<string, unknown>][] = [];
    const manager = {
      getRepository: () => ({
        update: (id: string, changes: Record<string, unknown>) => {
          updates.push([id, changes]);
          return Promise.resolve();
        },
      }),
      query: () =>
        Promise.resolve([
          {
            id: 'n1',
            phone: '13812345678',
            template: SmsTemplate.ReadyForPickup,
            params: {
              parcel: 'P360722000123',
              code: '1-2-3456',
              point: '大塘埠村益农信息社',
              deadline: '12月9日 18:00',
            },
            body: '【县域物流】您的包裹 P360722000123 已到大塘埠村益农信息社，取件码 1-2-3456…',
          },
        ]),
    } as unknown as EntityManager;
    const sender = new TencentSmsSender({
      secretId: keys.id,
      secretKey: keys.secret,
      sdkAppId: '1400787878',
      signName: '县域物流',
      templateIds: { ready_for_pickup: '1893002' },
      region: 'ap-guangzhou',
      endpoint: fake.url,
      timeoutMs: 5000,
    });
    const sut = new SmsNotificationAdapter(new Clock(), sender);

    expect(await sut.dispatchPending(manager)).toBe(1);
    expect(fake.lastTo('13812345678')).toEqual({
      phone: '13812345678',
      signName: '县域物流',
      templateId: '1893002',
      params: { '1': 'P360722000123', '2': '1-2-3456', '3': '大塘埠村益农信息社', '4': '12月9日 18:00' },
    });
    expect(updates).toEqual([['n1', expect.objectContaining({ status: NotificationStatus.Sent })]]);
  });
});

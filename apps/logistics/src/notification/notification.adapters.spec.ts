import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { SmsNotificationAdapter } from './notification.adapters';
import { NotificationStatus } from './notification.entity';
import { SmsGateway } from './notification.port';

class FakeGateway extends SmsGateway {
  readonly sent: [string, string][] = [];
  send(phone: string, body: string): Promise<void> {
    if (phone === '13900000000') {
      return Promise.reject(new Error('number unreachable'));
    }
    this.sent.push([phone, body]);
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
          { id: 'n1', phone: '13812345678', body: '取件码 1-2-3456' },
          { id: 'n2', phone: '13900000000', body: '取件码 2-1-0042' },
        ]),
    } as unknown as EntityManager;
    const gateway = new FakeGateway();
    const sut = new SmsNotificationAdapter(new Clock(), gateway);

    await sut.notify(manager, {
      shipmentId: 's1',
      countyCode: '360722',
      recipientPhone: '13812345678',
      template: 'ready_for_pickup',
      body: '取件码 1-2-3456',
    });
    expect(inserted[0]).toMatchObject({ channel: 'sms', status: NotificationStatus.Pending });

    expect(await sut.dispatchPending(manager)).toBe(1);
    expect(gateway.sent).toEqual([['13812345678', '取件码 1-2-3456']]);
    expect(updates).toEqual([
      ['n1', expect.objectContaining({ status: NotificationStatus.Sent })],
      ['n2', expect.objectContaining({ status: NotificationStatus.Failed, error: 'number unreachable' })],
    ]);
  });
});

import { SmsSender, SmsTemplate } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Notification, NotificationStatus } from './notification.entity';
import { NotificationMessage, NotificationPort } from './notification.port';

/** Development channel: messages are kept in the `notification` table, which the API lists. */
@Injectable()
export class StoredNotificationAdapter extends NotificationPort {
  constructor(private readonly clock: Clock) {
    super();
  }

  async notify(manager: EntityManager, message: NotificationMessage): Promise<void> {
    await manager.getRepository(Notification).insert({
      ...message,
      channel: 'store',
      status: NotificationStatus.Stored,
      error: null,
      createdAt: this.clock.now(),
      sentAt: null,
    });
  }

  dispatchPending(): Promise<number> {
    return Promise.resolve(0);
  }
}

/**
 * SMS channel: messages are recorded as pending in the transaction and sent by the sweep through the configured SMS
 * provider (Alibaba Cloud, Tencent Cloud, or the development inbox).
 */
@Injectable()
export class SmsNotificationAdapter extends NotificationPort {
  constructor(
    private readonly clock: Clock,
    private readonly sms: SmsSender,
  ) {
    super();
  }

  async notify(manager: EntityManager, message: NotificationMessage): Promise<void> {
    await manager.getRepository(Notification).insert({
      ...message,
      channel: 'sms',
      status: NotificationStatus.Pending,
      error: null,
      createdAt: this.clock.now(),
      sentAt: null,
    });
  }

  async dispatchPending(manager: EntityManager, limit = 200): Promise<number> {
    const pending = await manager.query<
      { id: string; phone: string; template: SmsTemplate; params: Record<string, string>; body: string }[]
    >(
      `SELECT id, recipient_phone AS phone, template, params, body FROM notification WHERE status = 'pending'
        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    let sent = 0;
    for (const message of pending) {
      try {
        const { phone, template, params, body } = message;
        await this.sms.send({ phone, template, params, text: body });
        await manager
          .getRepository(Notification)
          .update(message.id, { status: NotificationStatus.Sent, sentAt: this.clock.now() });
        sent++;
      } catch (error) {
        await manager
          .getRepository(Notification)
          .update(message.id, { status: NotificationStatus.Failed, error: (error as Error).message.slice(0, 500) });
      }
    }
    return sent;
  }
}

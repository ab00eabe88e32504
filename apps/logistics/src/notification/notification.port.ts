import type { EntityManager } from 'typeorm';

export interface NotificationMessage {
  shipmentId: string | null;
  countyCode: string;
  recipientPhone: string;
  /** ready_for_pickup, pickup_reminder, returned_to_sender… */
  template: string;
  body: string;
}

/**
 * How logistics tells people about their parcels. `notify` runs inside the caller's transaction, so a message is
 * recorded exactly when the state change that caused it commits; delivery to a phone happens after commit.
 */
export abstract class NotificationPort {
  abstract notify(manager: EntityManager, message: NotificationMessage): Promise<void>;
  /** Sends what is waiting for delivery (no-op for channels that only store). Returns how many were sent. */
  abstract dispatchPending(manager: EntityManager): Promise<number>;
}

/** An SMS provider (Aliyun, Tencent Cloud…) plugs in here for the `sms` channel. */
export abstract class SmsGateway {
  abstract send(phone: string, body: string): Promise<void>;
}

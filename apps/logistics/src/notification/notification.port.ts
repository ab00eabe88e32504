import type { SmsTemplate } from '@countyflow/kernel';
import type { EntityManager } from 'typeorm';

export interface NotificationMessage {
  shipmentId: string | null;
  countyCode: string;
  recipientPhone: string;
  template: SmsTemplate;
  /** The template's variables, in its order (an SMS provider fills them into its approved template). */
  params: Record<string, string>;
  /** The whole text (the stored channel and the development inbox show it). */
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

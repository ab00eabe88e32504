/** The messages the platform sends by SMS. Each provider needs one approved template per name (SMS_TEMPLATE_IDS). */
export enum SmsTemplate {
  /** params: code, minutes */
  VerificationCode = 'verification_code',
  /** params: parcel, code, point */
  ReadyForPickup = 'ready_for_pickup',
  /** params: parcel, code, deadline */
  PickupReminder = 'pickup_reminder',
  /** params: parcel */
  ReturnedToSender = 'returned_to_sender',
  /** params: parcel, from — an order's parcel left its first node (the buyer's "shipped" message) */
  ParcelDispatched = 'parcel_dispatched',
  /** params: title — a pre-sale order released by the harvest, on to hand-in */
  PresaleReleased = 'presale_released',
  /** params: title, amount, deadline — a deposit pre-sale order released: its balance (尾款) is due */
  PresaleBalanceDue = 'presale_balance_due',
  /** params: title, amount — the harvest fell short of a pre-sale order: refunded */
  PresaleRefunded = 'presale_refunded',
  /** params: title — the buyer's group filled: on to hand-in */
  GroupComplete = 'group_complete',
  /** params: title — the buyer's group did not fill in time: refunded */
  GroupRefunded = 'group_refunded',
}

export const SMS_TEMPLATES = Object.values(SmsTemplate);

export interface SmsMessage {
  /** Mainland mobile number, 11 digits. */
  phone: string;
  template: SmsTemplate;
  /**
   * The template's variables, in the order the template names them: Alibaba Cloud fills `${name}` by name, Tencent
   * Cloud fills `{1}`, `{2}`… by position.
   */
  params: Record<string, string>;
  /** The whole text as the recipient reads it (the development outbox shows it; providers render their template). */
  text: string;
}

/** The provider refused or could not be reached; `code` is the provider's own error code when it answered. */
export class SmsSendFailed extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SmsSendFailed';
  }
}

/** Sends one SMS through a provider (Alibaba Cloud, Tencent Cloud) or, in development, into the outbox page. */
export abstract class SmsSender {
  abstract send(message: SmsMessage): Promise<void>;
}

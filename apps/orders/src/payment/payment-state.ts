/** The states of a payment created at the provider. */
export enum PaymentStatus {
  /** Created at the provider; the buyer has not paid (yet). */
  Pending = 'pending',
  /** The provider captured the money (whatever orders made of it: applied, or refunded). */
  Succeeded = 'succeeded',
  /** The provider reported it failed or closed: nothing was captured; asking again creates a new payment. */
  Rejected = 'rejected',
}

/** Every change of a payment's state has a name; nothing changes it except one of these. */
export enum PaymentTransition {
  /** The provider's verified notification says the money was captured. */
  Succeed = 'succeed',
  /** The provider's verified notification says the payment failed or was closed. */
  Reject = 'reject',
  /** Its orders can no longer be paid (expired, or paid by another payment): closed at the provider by us. */
  Close = 'close',
}

export interface PaymentTransitionRule {
  from: readonly PaymentStatus[];
  to: PaymentStatus;
}

const S = PaymentStatus;

/**
 * Money captured after a failure report is still applied (or refunded): the provider's word on captured money wins,
 * so `succeed` also leaves `rejected`. Nothing leaves `succeeded`.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentTransition, PaymentTransitionRule>> = {
  [PaymentTransition.Succeed]: { from: [S.Pending, S.Rejected], to: S.Succeeded },
  [PaymentTransition.Reject]: { from: [S.Pending], to: S.Rejected },
  [PaymentTransition.Close]: { from: [S.Pending], to: S.Rejected },
};

export function canApplyToPayment(status: PaymentStatus, transition: PaymentTransition): boolean {
  return PAYMENT_TRANSITIONS[transition].from.includes(status);
}

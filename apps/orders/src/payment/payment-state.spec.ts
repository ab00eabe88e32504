import { canApplyToPayment, PAYMENT_TRANSITIONS, PaymentStatus, PaymentTransition } from './payment-state';

describe('payment state machine', () => {
  it('captures money from pending, or after a failure report, and never leaves succeeded', () => {
    expect(canApplyToPayment(PaymentStatus.Pending, PaymentTransition.Succeed)).toBe(true);
    expect(canApplyToPayment(PaymentStatus.Rejected, PaymentTransition.Succeed)).toBe(true);
    for (const transition of Object.values(PaymentTransition)) {
      expect(canApplyToPayment(PaymentStatus.Succeeded, transition)).toBe(false);
    }
  });

  it('rejects or closes only a pending payment', () => {
    expect(PAYMENT_TRANSITIONS[PaymentTransition.Reject].from).toEqual([PaymentStatus.Pending]);
    expect(PAYMENT_TRANSITIONS[PaymentTransition.Close]).toEqual({
      from: [PaymentStatus.Pending],
      to: PaymentStatus.Rejected,
    });
    expect(canApplyToPayment(PaymentStatus.Rejected, PaymentTransition.Reject)).toBe(false);
  });
});

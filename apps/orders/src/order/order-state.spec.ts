import { arrivedEarly, canApply, OrderStatus, OrderTransition, TERMINAL_STATUSES, TRANSITIONS } from './order-state';

describe('order state machine', () => {
  it('lets nothing leave a terminal state', () => {
    for (const status of TERMINAL_STATUSES) {
      for (const transition of Object.values(OrderTransition)) {
        const leaves = canApply(status, transition) && TRANSITIONS[transition].to !== status;
        expect({ status, transition, allowed: leaves }).toEqual({
          status,
          transition,
          allowed: false,
        });
      }
    }
  });

  it.each([
    [OrderStatus.Placed, OrderTransition.Reserve, OrderStatus.AwaitingPayment],
    [OrderStatus.Placed, OrderTransition.Reject, OrderStatus.Rejected],
    [OrderStatus.AwaitingPayment, OrderTransition.Pay, OrderStatus.Paid],
    [OrderStatus.AwaitingPayment, OrderTransition.Expire, OrderStatus.Cancelled],
    [OrderStatus.InFulfilment, OrderTransition.CancelPaid, OrderStatus.Cancelled],
    [OrderStatus.OutForDelivery, OrderTransition.Return, OrderStatus.Returned],
    [OrderStatus.Returned, OrderTransition.RefundReturned, OrderStatus.Refunded],
    [OrderStatus.Completed, OrderTransition.ConfirmReceipt, OrderStatus.Completed],
  ])('%s --%s--> %s', (from, transition, to) => {
    expect(canApply(from, transition)).toBe(true);
    expect(TRANSITIONS[transition].to).toBe(to);
  });

  it.each([
    [OrderStatus.Placed, OrderTransition.Pay],
    [OrderStatus.Paid, OrderTransition.Expire],
    [OrderStatus.OutForDelivery, OrderTransition.CancelPaid],
    [OrderStatus.Completed, OrderTransition.Return],
    [OrderStatus.Cancelled, OrderTransition.Pay],
  ])('refuses %s --%s-->', (from, transition) => {
    expect(canApply(from, transition)).toBe(false);
  });

  it('tells an early event (retry later) from a stale one (drop)', () => {
    expect(arrivedEarly(OrderStatus.Paid, OrderTransition.Dispatch)).toBe(true);
    expect(arrivedEarly(OrderStatus.Placed, OrderTransition.StartFulfilment)).toBe(true);
    expect(arrivedEarly(OrderStatus.Completed, OrderTransition.Dispatch)).toBe(false);
    expect(arrivedEarly(OrderStatus.Cancelled, OrderTransition.StartFulfilment)).toBe(false);
    expect(arrivedEarly(OrderStatus.ReadyForPickup, OrderTransition.Dispatch)).toBe(false);
  });
});

/** The states of one seller's order. */
export enum OrderStatus {
  Placed = 'placed',
  AwaitingPayment = 'awaiting_payment',
  Rejected = 'rejected',
  Paid = 'paid',
  InFulfilment = 'in_fulfilment',
  OutForDelivery = 'out_for_delivery',
  ReadyForPickup = 'ready_for_pickup',
  Completed = 'completed',
  Cancelled = 'cancelled',
  Returned = 'returned',
  Refunded = 'refunded',
  /** 预售: paid for a harvest still in the field; held until the seller records the harvest. */
  AwaitingHarvest = 'awaiting_harvest',
  /** 拼团: paid, held until the buying group is full (or expires and is refunded). */
  AwaitingGroup = 'awaiting_group',
  /** 预售 with a deposit: the harvest released it; the balance (尾款) is due by `paymentDueAt`. */
  AwaitingBalance = 'awaiting_balance',
}

/** Every change of an order's state has a name; nothing changes the state except one of these. */
export enum OrderTransition {
  /** catalog reserved the stock */
  Reserve = 'reserve',
  /** catalog could not reserve it */
  Reject = 'reject',
  /** the payment provider confirmed payment, or a cash-on-collection order was accepted for fulfilment */
  Pay = 'pay',
  Expire = 'expire',
  /** the buyer cancels before paying */
  CancelUnpaid = 'cancel_unpaid',
  /** the buyer cancels after paying, before dispatch (refunded) */
  CancelPaid = 'cancel_paid',
  StartFulfilment = 'start_fulfilment',
  Dispatch = 'dispatch',
  ReadyForPickup = 'ready_for_pickup',
  Deliver = 'deliver',
  Return = 'return',
  /** the refund of a returned order went through */
  RefundReturned = 'refund_returned',
  /** the buyer confirmed receipt (确认收货), or it confirmed itself N days after delivery: the settlement clock starts */
  ConfirmReceipt = 'confirm_receipt',
  /** a pre-sale order took its units of the cap: no stock to reserve, it awaits payment at once */
  PreSell = 'pre_sell',
  /** a paid pre-sale order waits for the harvest */
  HoldForHarvest = 'hold_for_harvest',
  /** the harvest is in and covers this order (in the order they were placed): on to fulfilment */
  ReleaseHarvest = 'release_harvest',
  /** the harvest fell short of this order: cancelled and refunded */
  HarvestShort = 'harvest_short',
  /** a deposit order the harvest covers: the balance (尾款) is now due */
  AskBalance = 'ask_balance',
  /** the balance of a deposit order was paid: on to fulfilment */
  PayBalance = 'pay_balance',
  /** the balance was not paid by its deadline: cancelled, the deposit forfeited to the seller (the stated rule) */
  BalanceOverdue = 'balance_overdue',
  /** a paid group order waits for the group to fill */
  HoldForGroup = 'hold_for_group',
  /** the group is full: on to fulfilment */
  CompleteGroup = 'complete_group',
  /** the group ran out of time: its members' orders are cancelled (and what was paid refunded) */
  GroupExpired = 'group_expired',
}

export interface TransitionRule {
  from: readonly OrderStatus[];
  to: OrderStatus;
}

const S = OrderStatus;

export const TRANSITIONS: Readonly<Record<OrderTransition, TransitionRule>> = {
  [OrderTransition.Reserve]: { from: [S.Placed], to: S.AwaitingPayment },
  [OrderTransition.Reject]: { from: [S.Placed], to: S.Rejected },
  [OrderTransition.Pay]: { from: [S.AwaitingPayment], to: S.Paid },
  [OrderTransition.Expire]: { from: [S.AwaitingPayment], to: S.Cancelled },
  [OrderTransition.CancelUnpaid]: { from: [S.AwaitingPayment], to: S.Cancelled },
  [OrderTransition.CancelPaid]: { from: [S.Paid, S.InFulfilment], to: S.Cancelled },
  [OrderTransition.StartFulfilment]: { from: [S.Paid], to: S.InFulfilment },
  [OrderTransition.Dispatch]: { from: [S.InFulfilment], to: S.OutForDelivery },
  [OrderTransition.ReadyForPickup]: { from: [S.InFulfilment, S.OutForDelivery], to: S.ReadyForPickup },
  [OrderTransition.Deliver]: { from: [S.InFulfilment, S.OutForDelivery, S.ReadyForPickup], to: S.Completed },
  [OrderTransition.Return]: { from: [S.OutForDelivery, S.ReadyForPickup], to: S.Returned },
  [OrderTransition.RefundReturned]: { from: [S.Returned], to: S.Refunded },
  // stays completed; the guard `receipt-unconfirmed` makes it happen once
  [OrderTransition.ConfirmReceipt]: { from: [S.Completed], to: S.Completed },
  [OrderTransition.PreSell]: { from: [S.Placed], to: S.AwaitingPayment },
  [OrderTransition.HoldForHarvest]: { from: [S.Paid], to: S.AwaitingHarvest },
  [OrderTransition.ReleaseHarvest]: { from: [S.AwaitingHarvest], to: S.Paid },
  [OrderTransition.HarvestShort]: { from: [S.AwaitingHarvest], to: S.Cancelled },
  [OrderTransition.AskBalance]: { from: [S.AwaitingHarvest], to: S.AwaitingBalance },
  [OrderTransition.PayBalance]: { from: [S.AwaitingBalance], to: S.Paid },
  [OrderTransition.BalanceOverdue]: { from: [S.AwaitingBalance], to: S.Cancelled },
  [OrderTransition.HoldForGroup]: { from: [S.Paid], to: S.AwaitingGroup },
  [OrderTransition.CompleteGroup]: { from: [S.AwaitingGroup], to: S.Paid },
  [OrderTransition.GroupExpired]: { from: [S.Placed, S.AwaitingPayment, S.AwaitingGroup], to: S.Cancelled },
};

/** Position along the way to completion; terminal states have none. */
const PROGRESS: Partial<Record<OrderStatus, number>> = {
  [S.Placed]: 0,
  [S.AwaitingPayment]: 1,
  // held between payment and fulfilment: an event for a paid order (shipment.created) would be early here
  [S.AwaitingHarvest]: 1.5,
  [S.AwaitingGroup]: 1.5,
  [S.AwaitingBalance]: 1.7,
  [S.Paid]: 2,
  [S.InFulfilment]: 3,
  [S.OutForDelivery]: 4,
  [S.ReadyForPickup]: 5,
  [S.Returned]: 6,
};

export const TERMINAL_STATUSES: readonly OrderStatus[] = [S.Rejected, S.Completed, S.Cancelled, S.Refunded];

export function canApply(status: OrderStatus, transition: OrderTransition): boolean {
  return TRANSITIONS[transition].from.includes(status);
}

/**
 * True when the order has not yet reached any state the transition starts from, and still can: the event that
 * moves it there is late (queues do not promise order across events), so the caller should retry rather than drop.
 */
export function arrivedEarly(status: OrderStatus, transition: OrderTransition): boolean {
  const here = PROGRESS[status];
  if (here === undefined) {
    return false;
  }
  return TRANSITIONS[transition].from.every((from) => (PROGRESS[from] ?? -1) > here);
}

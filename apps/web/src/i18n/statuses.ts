/*
 * Every status and kind word the services send (order, shipment, custody, scan, claim, remedy, payment, refund,
 * run, commission, storefront, listing statuses …) in the app's languages: the words an area falls back on when its
 * own table has none, so that no raw `partial_refund` or `seller` reaches the screen. libs/kernel's
 * problem-codes.spec.ts checks that every value of those enums has words here. Plain data (no React).
 */
export const STATUS_WORDS: Readonly<Record<'zh-CN' | 'en', Record<string, string>>> = {
  'zh-CN': {
    // orders
    placed: '已下单',
    awaiting_payment: '待付款',
    rejected: '未通过',
    paid: '已付款',
    in_fulfilment: '备货发货中',
    out_for_delivery: '派送中',
    ready_for_pickup: '待取件',
    completed: '已完成',
    cancelled: '已取消',
    returned: '已退回',
    refunded: '已退款',
    // shipments and their custody
    awaiting_handover: '等待交寄',
    at_node: '在站点',
    in_transit: '运输中',
    with_carrier: '快递运输中',
    delivered: '已送达',
    returning: '退回中',
    seller: '卖家',
    node: '站点',
    vehicle: '车辆',
    carrier: '快递公司',
    recipient: '收件人',
    handed_in: '已交寄',
    arrived: '到站',
    departed: '发出',
    handed_to_carrier: '交给快递',
    collected: '已取件',
    carrier_delivered: '快递已送达',
    brought_back: '已带回',
    return_started: '开始退回',
    done: '已完成',
    // claims and payments
    awaiting_seller: '等待卖家处理',
    countered: '卖家提出了其他方案',
    escalated: '已提交县级工作人员',
    resolved: '已处理',
    partial_refund: '部分退款',
    full_refund: '全额退款',
    resend: '补发',
    pending: '待处理',
    succeeded: '成功',
    failed: '失败',
    applied: '已入账',
    partly_refunded: '部分退款',
    amount_mismatch: '金额不符',
    cash_received: '已收现金',
    awaiting_cash: '待付现金',
    // runs, commissions, storefronts, listings, organisations
    planned: '已计划',
    dispatched: '已发车',
    earned: '已到账',
    void: '已作废',
    draft: '草稿',
    // seller applications, their permits and the messages about them
    submitted: '待审核',
    approved: '已通过',
    food_business_licence: '食品经营许可证',
    pesticide_operation_permit: '农药经营许可证',
    application_approved: '入驻申请已通过',
    application_rejected: '入驻申请未通过',
    open: '已开放',
    closed: '已关闭',
    published: '已上架',
    paused: '已暂停',
    removed: '已删除',
    verified: '已认证',
    suspended: '已暂停',
  },
  en: {
    placed: 'Placed',
    awaiting_payment: 'Awaiting payment',
    rejected: 'Rejected',
    paid: 'Paid',
    in_fulfilment: 'Being packed and sent',
    out_for_delivery: 'Out for delivery',
    ready_for_pickup: 'Ready for pickup',
    completed: 'Completed',
    cancelled: 'Cancelled',
    returned: 'Returned',
    refunded: 'Refunded',
    awaiting_handover: 'Awaiting hand-over',
    at_node: 'At a node',
    in_transit: 'In transit',
    with_carrier: 'With the carrier',
    delivered: 'Delivered',
    returning: 'Returning',
    seller: 'the seller',
    node: 'a node',
    vehicle: 'a vehicle',
    carrier: 'the carrier',
    recipient: 'the recipient',
    handed_in: 'Handed in',
    arrived: 'Arrived',
    departed: 'Departed',
    handed_to_carrier: 'Handed to the carrier',
    collected: 'Collected',
    carrier_delivered: 'Delivered by the carrier',
    brought_back: 'Brought back',
    return_started: 'Return started',
    done: 'Done',
    awaiting_seller: 'Awaiting the seller',
    countered: 'Counter-offered',
    escalated: 'Escalated to the county',
    resolved: 'Resolved',
    partial_refund: 'Partial refund',
    full_refund: 'Full refund',
    resend: 'Resend',
    pending: 'Pending',
    succeeded: 'Succeeded',
    failed: 'Failed',
    applied: 'Applied',
    partly_refunded: 'Partly refunded',
    amount_mismatch: 'Amount mismatch',
    awaiting_cash: 'Awaiting cash',
    cash_received: 'Cash received',
    planned: 'Planned',
    dispatched: 'Dispatched',
    earned: 'Earned',
    void: 'Void',
    draft: 'Draft',
    submitted: 'Awaiting review',
    approved: 'Approved',
    food_business_licence: 'Food business licence',
    pesticide_operation_permit: 'Pesticide operation permit',
    application_approved: 'Application approved',
    application_rejected: 'Application not approved',
    open: 'Open',
    closed: 'Closed',
    published: 'Published',
    paused: 'Paused',
    removed: 'Removed',
    verified: 'Verified',
    suspended: 'Suspended',
  },
};

/** The words for a status or kind in `locale`; a value the app does not know yet shows as a dash, never raw. */
export function statusWord(locale: 'zh-CN' | 'en', value: string): string {
  return STATUS_WORDS[locale][value] ?? (locale === 'en' ? value.replace(/_/g, ' ') : '—');
}

/**
 * The reasons the services write into an order's history themselves (orders' workflow and sweepers), in the app's
 * words. A reason a person typed (a buyer's cancellation) is shown as typed.
 */
const HISTORY_REASONS: Readonly<Record<'zh-CN' | 'en', Record<string, string>>> = {
  'zh-CN': {
    'cash on collection: settled for fulfilment, paid at the service point': '取件时付现金：已安排发货，到服务点付款',
    'catalog could not reserve the stock': '库存不足，未能锁定',
    'not paid in time': '未在规定时间内付款',
    "the price changed since checkout; catalog's price at reservation applies": '下单后价格有变动，按锁定库存时的价格',
    'the buyer confirmed receipt': '买家确认收货',
    'receipt confirmed automatically: the buyer did not confirm within the county’s days':
      '买家逾期未确认，系统自动确认收货',
  },
  en: {
    'cash on collection: settled for fulfilment, paid at the service point':
      'cash on collection: sent out, paid at the service point',
  },
};

/** An order history entry's reason in `locale`: the services' own reasons worded, a person's as typed. */
export function historyReason(locale: 'zh-CN' | 'en', reason: string): string {
  return HISTORY_REASONS[locale][reason] ?? reason;
}

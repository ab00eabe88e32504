import { defineMessages } from '../../i18n';

/** The words of pre-sale (预售) and group buying (拼团) on the buyer's side. */
export const saleMessages = defineMessages(
  {
    presaleTitle: '预售',
    presaleBody: (from: string, to: string) => `现在预订，${from} 至 ${to} 发货。采收不足时未发货的订单自动全额退款。`,
    presaleDeposit: (deposit: string, balance: string, hours: number) =>
      `定金 ${deposit}/份，下单时支付；采收后 ${hours} 小时内付尾款 ${balance}/份。` +
      '逾期不付尾款，订单取消，定金不退；采收不足未能发货的，定金全额退还。',
    depositDue: (deposit: string, balance: string) => `现在支付定金 ${deposit}，采收后再付尾款 ${balance}。`,
    balanceDue: (balance: string, when: string) => `已采收！请在 ${when} 前支付尾款 ${balance}，逾期定金不退。`,
    depositPaid: (deposit: string) => `已付定金 ${deposit}`,
    payBalance: '去付尾款',
    presaleLeft: (units: number) => `还剩 ${units} 份`,
    presaleClosed: '预售已截止',
    presaleOrder: '立即预订',
    groupTitle: '拼团',
    groupBody: (size: number, minutes: number) => `${size} 人成团，开团后 ${minutes} 分钟内凑齐；未成团自动全额退款。`,
    groupPrice: '拼团价',
    groupStart: '发起拼团',
    groupJoinOpen: (missing: number) => `差 ${missing} 人成团 · 去参团`,
    quantity: '数量',
    groupPageTitle: '拼团',
    groupProgress: (members: number, size: number) => `已有 ${members}/${size} 人参团`,
    groupPaid: (paid: number) => `${paid} 人已付款`,
    groupEnds: (when: string) => `${when} 截止`,
    groupShare: '把这个链接发给朋友一起拼：',
    groupJoin: '参加这个团',
    groupYouAreIn: '你已在这个团里',
    groupPayMine: '去付款',
    groupSeeMine: '查看我的订单',
    groupLeader: '团长',
    groupMember: '团员',
    groupStatus: (status: string) =>
      ({ open: '拼团中', complete: '拼团成功，已安排发货', expired: '未成团，已全额退款' })[status] ?? status,
    groupLink: '查看拼团进度',
    checkoutPresale: '预售订单',
    checkoutGroup: '拼团订单',
  },
  {
    presaleTitle: 'Pre-sale',
    presaleBody: (from: string, to: string) =>
      `Order now, shipped ${from} – ${to}. Orders the harvest does not cover are refunded in full.`,
    presaleDeposit: (deposit: string, balance: string, hours: number) =>
      `Deposit ${deposit} a unit when ordering; the balance of ${balance} a unit within ${hours} hours of the harvest. ` +
      'A balance not paid in time cancels the order and the deposit is kept; if the harvest falls short, the deposit is refunded in full.',
    depositDue: (deposit: string, balance: string) =>
      `Pay the deposit of ${deposit} now, and the balance of ${balance} after the harvest.`,
    balanceDue: (balance: string, when: string) =>
      `Harvested! Pay the balance of ${balance} by ${when}, or the deposit is kept.`,
    depositPaid: (deposit: string) => `Deposit paid: ${deposit}`,
    payBalance: 'Pay the balance',
    presaleLeft: (units: number) => `${units} left`,
    presaleClosed: 'The pre-sale is closed',
    presaleOrder: 'Pre-order now',
    groupTitle: 'Group buying',
    groupBody: (size: number, minutes: number) =>
      `A group of ${size} within ${minutes} minutes of its start; refunded in full if it does not fill.`,
    groupPrice: 'Group price',
    groupStart: 'Start a group',
    groupJoinOpen: (missing: number) => `${missing} more needed · join`,
    quantity: 'Quantity',
    groupPageTitle: 'Group buying',
    groupProgress: (members: number, size: number) => `${members} of ${size} joined`,
    groupPaid: (paid: number) => `${paid} paid`,
    groupEnds: (when: string) => `ends ${when}`,
    groupShare: 'Send this link to friends to join:',
    groupJoin: 'Join this group',
    groupYouAreIn: 'You are in this group',
    groupPayMine: 'Pay now',
    groupSeeMine: 'See my order',
    groupLeader: 'Leader',
    groupMember: 'Member',
    groupStatus: (status: string) =>
      ({ open: 'Open', complete: 'Complete: being shipped', expired: 'Did not fill: refunded in full' })[status] ??
      status,
    groupLink: 'See the group',
    checkoutPresale: 'Pre-sale order',
    checkoutGroup: 'Group order',
  },
);

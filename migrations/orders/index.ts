import { OrdersInit1763800000000 } from './1763800000000-orders-init';
import { OrdersCheckout1763900000000 } from './1763900000000-orders-checkout';
import { OrdersFigures1764200000000 } from './1764200000000-orders-figures';
import { Orders64BitTotals1765000000000 } from './1765000000000-orders-64-bit-totals';
import { OrdersLedger1796547300000 } from './1796547300000-orders-ledger';
import { OrdersSettlement1796547900000 } from './1796547900000-orders-settlement';
import { OrdersPaymentChannel1796548207242 } from './1796548207242-orders-payment-channel';
import { OrdersCashBook1796548500000 } from './1796548500000-orders-cash-book';
import { OrdersFreight1796549200000 } from './1796549200000-orders-freight';
import { OrdersRefundConfirmed1796549900000 } from './1796549900000-orders-refund-confirmed';
import { OrdersBuyerAddress1796560100000 } from './1796560100000-orders-buyer-address';
import { OrdersClaimPhotos1796570000000 } from './1796570000000-orders-claim-photos';
import { OrdersPresaleGroupBuy1796570300000 } from './1796570300000-orders-presale-group-buy';
import { OrdersCoupons1796571020000 } from './1796571020000-orders-coupons';
import { OrdersGroupNotify1796578366852 } from './1796578366852-orders-group-notify';
import { OrdersPresaleDeposit1796578397777 } from './1796578397777-orders-presale-deposit';
import { OrdersMessagingRetention1796578776232 } from './1796578776232-orders-messaging-retention';
import { OrdersOutboxTraceParent1796578897519 } from './1796578897519-orders-outbox-trace-parent';
import { OrdersSagaTrace1796579364019 } from './1796579364019-orders-saga-trace';
import { OrdersPaymentRequest1796580081318 } from './1796580081318-orders-payment-request';
import { OrdersListingCategory1796700000000 } from './1796700000000-orders-listing-category';
import { OrdersCouponStop1796700578365 } from './1796700578365-orders-coupon-stop';
import { OrdersExpiryBySweep1796800000000 } from './1796800000000-orders-expiry-by-sweep';

/** Orders' migrations, oldest first. */
export const ORDERS_MIGRATIONS = [
  OrdersInit1763800000000,
  OrdersCheckout1763900000000,
  OrdersFigures1764200000000,
  Orders64BitTotals1765000000000,
  OrdersLedger1796547300000,
  OrdersSettlement1796547900000,
  OrdersPaymentChannel1796548207242,
  OrdersCashBook1796548500000,
  OrdersFreight1796549200000,
  OrdersRefundConfirmed1796549900000,
  OrdersBuyerAddress1796560100000,
  OrdersClaimPhotos1796570000000,
  OrdersPresaleGroupBuy1796570300000,
  OrdersCoupons1796571020000,
  OrdersGroupNotify1796578366852,
  OrdersPresaleDeposit1796578397777,
  OrdersMessagingRetention1796578776232,
  OrdersOutboxTraceParent1796578897519,
  OrdersSagaTrace1796579364019,
  OrdersPaymentRequest1796580081318,
  OrdersListingCategory1796700000000,
  OrdersCouponStop1796700578365,
  OrdersExpiryBySweep1796800000000,
];

import { LogisticsInit1763800000000 } from './1763800000000-logistics-init';
import { LogisticsNetworkShipments1763900000000 } from './1763900000000-logistics-network-shipments';
import { LogisticsFigures1764200000000 } from './1764200000000-logistics-figures';
import { Logistics64BitLoads1765000000000 } from './1765000000000-logistics-64-bit-loads';
import { LogisticsMiddleMile1796547400000 } from './1796547400000-logistics-middle-mile';
import { LogisticsLotCopy1796549000000 } from './1796549000000-logistics-lot-copy';
import { LogisticsNotificationParams1796560000000 } from './1796560000000-logistics-notification-params';
import { LogisticsCarrierSubscription1796570000000 } from './1796570000000-logistics-carrier-subscription';
import { LogisticsMessagingRetention1796578776232 } from './1796578776232-logistics-messaging-retention';
import { LogisticsOutboxTraceParent1796578897519 } from './1796578897519-logistics-outbox-trace-parent';

/** Logistics' migrations, oldest first. */
export const LOGISTICS_MIGRATIONS = [
  LogisticsInit1763800000000,
  LogisticsNetworkShipments1763900000000,
  LogisticsFigures1764200000000,
  Logistics64BitLoads1765000000000,
  LogisticsMiddleMile1796547400000,
  LogisticsLotCopy1796549000000,
  LogisticsNotificationParams1796560000000,
  LogisticsCarrierSubscription1796570000000,
  LogisticsMessagingRetention1796578776232,
  LogisticsOutboxTraceParent1796578897519,
];

import { LogisticsInit1763800000000 } from './1763800000000-logistics-init';
import { LogisticsNetworkShipments1763900000000 } from './1763900000000-logistics-network-shipments';

/** Logistics' migrations, oldest first. */
export const LOGISTICS_MIGRATIONS = [LogisticsInit1763800000000, LogisticsNetworkShipments1763900000000];

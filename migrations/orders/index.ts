import { OrdersInit1763800000000 } from './1763800000000-orders-init';

/** Orders' migrations, oldest first. */
export const ORDERS_MIGRATIONS = [OrdersInit1763800000000];

import { LogisticsInit1763800000000 } from './1763800000000-logistics-init';

/** Logistics' migrations, oldest first. */
export const LOGISTICS_MIGRATIONS = [LogisticsInit1763800000000];

import type { BasketLine } from './basket';

/**
 * A one-line order on a pre-sale's or a buying group's terms, waiting for its destination on the checkout page
 * (`/checkout?sale=1`): the listing or group page writes it, checkout places it through the sale's own call.
 */
export interface PendingSale {
  kind: 'presale' | 'start' | 'join';
  /** The pre-sale, the group deal (start) or the buying group (join). */
  id: string;
  line: BasketLine;
}

const KEY = 'cf.checkout-sale';

export const pendingSale = {
  set(sale: PendingSale): void {
    sessionStorage.setItem(KEY, JSON.stringify(sale));
  },
  get(): PendingSale | null {
    try {
      const stored = sessionStorage.getItem(KEY);
      return stored ? (JSON.parse(stored) as PendingSale) : null;
    } catch {
      return null;
    }
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};

import { useSyncExternalStore } from 'react';

/** One line of the basket: enough to show it and to check it out without asking catalog again. */
export interface BasketLine {
  skuId: string;
  listingId: string;
  title: string;
  spec: string;
  priceFen: number;
  sellerOrgId: string;
  sellerName: string;
  countyCode: string;
  quantity: number;
  /** Produce (sold by weight): its price per 斤 (500 g), shown beside the price. */
  perJinFen?: number;
}

/** 1 斤 = 500 g: produce shows its price per 斤 as well (orders' freight.rules pricePerJinFen). */
export const perJinFen = (priceFen: number, weightGrams: number): number | undefined =>
  weightGrams > 0 ? Math.round((priceFen * 500) / weightGrams) : undefined;

const STORAGE_KEY = 'cf.basket';
/** Orders' checkout limits (CheckoutDto): 50 lines, 1–999 of each. */
export const MAX_LINES = 50;
export const MAX_QUANTITY = 999;

const listeners = new Set<() => void>();
let cache: { raw: string | null; lines: BasketLine[] } = { raw: null, lines: [] };

function storedBasket(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function read(): BasketLine[] {
  const raw = storedBasket();
  if (raw !== cache.raw) {
    try {
      cache = { raw, lines: raw ? (JSON.parse(raw) as BasketLine[]) : [] };
    } catch {
      cache = { raw, lines: [] };
    }
  }
  return cache.lines;
}

function write(lines: BasketLine[]): void {
  try {
    if (lines.length === 0) {
      localStorage.removeItem(STORAGE_KEY);
    } else {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(lines));
    }
  } catch {
    // storage full or disabled: the basket lasts for this page
  }
  listeners.forEach((listener) => listener());
}

window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) {
    listeners.forEach((listener) => listener());
  }
});

const clamp = (quantity: number) => Math.max(1, Math.min(MAX_QUANTITY, Math.round(quantity)));

/** The basket in localStorage, shared by every tab. */
export const basket = {
  lines: read,
  add: (line: Omit<BasketLine, 'quantity'>, quantity: number): void => {
    const lines = read();
    const existing = lines.find((item) => item.skuId === line.skuId);
    if (existing) {
      write(
        lines.map((item) =>
          item === existing ? { ...item, ...line, quantity: clamp(item.quantity + quantity) } : item,
        ),
      );
    } else {
      write([...lines, { ...line, quantity: clamp(quantity) }].slice(0, MAX_LINES));
    }
  },
  setQuantity: (skuId: string, quantity: number): void => {
    write(read().map((item) => (item.skuId === skuId ? { ...item, quantity: clamp(quantity) } : item)));
  },
  remove: (skuId: string): void => {
    write(read().filter((item) => item.skuId !== skuId));
  },
  clear: (): void => {
    write([]);
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useBasket(): BasketLine[] {
  return useSyncExternalStore(basket.subscribe, basket.lines);
}

export const basketTotalFen = (lines: BasketLine[]): number =>
  lines.reduce((sum, line) => sum + line.priceFen * line.quantity, 0);

export const basketCount = (lines: BasketLine[]): number => lines.reduce((sum, line) => sum + line.quantity, 0);

/*
 * Numbers typed by a seller: prices in yuan with at most two decimals, weights in kilograms with at most three,
 * read as text so that no floating-point rounding ever changes a price (19.9 → 1990 fen, exactly).
 */

const YUAN = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/;
const DECIMAL3 = /^\s*(\d{1,7})(?:\.(\d{1,3}))?\s*$/;

/** "59.9" → 5990; null when it is not a price of at least ¥0.01 with at most two decimals. */
export function yuanToFen(text: string): number | null {
  const match = YUAN.exec(text.replace(/^¥/, ''));
  if (!match) {
    return null;
  }
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : null;
}

/** 5990 → "59.90" (for an input's value). */
export const fenToYuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** "2.5" (kg) → 2500 g; null unless a positive number with at most three decimals. */
export function kgToGrams(text: string): number | null {
  const match = DECIMAL3.exec(text);
  if (!match) {
    return null;
  }
  const grams = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return grams > 0 ? grams : null;
}

/** 2500 → "2.5" */
export const gramsToKg = (grams: number): string => String(grams / 1000);

/** A whole number (optionally signed), or null. */
export function wholeNumber(text: string, { signed = false } = {}): number | null {
  const trimmed = text.trim();
  if (!(signed ? /^[-+]?\d{1,8}$/ : /^\d{1,8}$/).test(trimmed)) {
    return null;
  }
  return Number(trimmed);
}

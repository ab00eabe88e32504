import type { Locale } from './i18n';

/** Every county lives in China Standard Time; dates are shown there whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Shanghai';

const moneyFormats = new Map<Locale, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Integer fen as yuan with the ¥ sign: 12800 → ¥128.00. */
export function formatFen(fen: number, locale: Locale): string {
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' });
    moneyFormats.set(locale, format);
  }
  return format.format(fen / 100);
}

/** Grams as grams or kilograms: 2500 → 2.5 kg. */
export function formatGrams(grams: number, locale: Locale): string {
  return grams >= 1000
    ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(grams / 1000)} kg`
    : `${grams} g`;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** An instant (ISO string or Date) as a date and time in Asia/Shanghai. */
export function formatDateTime(value: string | Date | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

/** A calendar date: an ISO date (2026-05-01, already a China date) is shown as it is, an instant in Asia/Shanghai. */
export function formatDate(value: string | Date | null | undefined, locale: Locale): string {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00+08:00`)
      : new Date(value);
  return dateFormat(locale, { dateStyle: 'medium' }).format(date);
}

import { useMemo } from 'react';
import { formatDate, formatDateTime, formatFen, formatGrams } from './format';
import { useLocale } from './i18n';
import { historyReason } from './statuses';

/** The formatters bound to the current language: `const f = useFormat(); f.fen(1280)` → ¥12.80. */
export function useFormat() {
  const { locale } = useLocale();
  return useMemo(
    () => ({
      fen: (fen: number) => formatFen(fen, locale),
      grams: (grams: number) => formatGrams(grams, locale),
      dateTime: (value: string | Date | null | undefined) => formatDateTime(value, locale),
      date: (value: string | Date | null | undefined) => formatDate(value, locale),
      /** An order history entry's reason: the services' own in the app's words, a person's as typed. */
      reason: (value: string) => historyReason(locale, value),
    }),
    [locale],
  );
}

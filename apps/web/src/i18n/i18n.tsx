import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setCurrentLocale } from './current';

/** The languages of the web app: Chinese first (the county's users), English for visitors and staff who prefer it. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
const STORAGE_KEY = 'cf.locale';

/** A message is a string, or a function of its parameters for anything with numbers or names in it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = string | ((...args: any[]) => string);
export type MessageTable = Record<string, Message>;

/**
 * One area's messages in every language. The Chinese table is the reference; the English one must have exactly
 * the same keys with the same parameters, which the compiler checks.
 */
export type Messages<M extends MessageTable> = Readonly<Record<Locale, M>>;

/** A table with every message's type widened to string (a function's literal return types too). */
export type MessageTypes<M extends MessageTable> = {
  [K in keyof M]: M[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

export function defineMessages<M extends MessageTable>(zh: M, en: MessageTypes<M>): Messages<MessageTypes<M>> {
  return { 'zh-CN': zh as unknown as MessageTypes<M>, en };
}

function storedLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(stored ?? '') ? (stored as Locale) : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: DEFAULT_LOCALE, setLocale: () => undefined });

/** Holds the language, remembers it in localStorage and keeps `<html lang>` true. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);
  // during render, so that the children rendered now word their API errors in this language
  setCurrentLocale(locale);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export const useLocale = (): LocaleState => useContext(LocaleContext);

/** The table of `messages` in the current language: `const t = useMessages(buyerMessages); t.basket`. */
export function useMessages<M extends MessageTable>(messages: Messages<M>): M {
  return messages[useLocale().locale];
}

/*
 * The language the app shows now, for code outside React that words something for the user (an ApiError's field
 * messages). LocaleProvider keeps it; components still take the language from useLocale so that they re-render.
 */
let current: 'zh-CN' | 'en' = 'zh-CN';

export const currentLocale = (): 'zh-CN' | 'en' => current;

export function setCurrentLocale(locale: 'zh-CN' | 'en'): void {
  current = locale;
}

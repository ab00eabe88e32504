export { commonMessages } from './common';
export { TIME_ZONE, formatDate, formatDateTime, formatFen, formatGrams } from './format';
export {
  DEFAULT_LOCALE,
  LOCALES,
  LocaleProvider,
  defineMessages,
  useLocale,
  useMessages,
  type Locale,
  type Message,
  type MessageTable,
  type MessageTypes,
  type Messages,
} from './i18n';
export { useFormat } from './useFormat';

export { commonMessages } from './common';
export { currentLocale } from './current';
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
export {
  PROBLEM_TEXTS,
  RULE_TEXTS,
  fieldProblemText,
  problemText,
  type FieldProblem,
  type ProblemParams,
} from './problems';
export { STATUS_WORDS, statusWord } from './statuses';
export { useFormat } from './useFormat';

export { Code128 } from './Barcode';
export { SelectField, SubmitButton, TextAreaField, TextField, setServerErrors } from './forms';
export { Page, usePageTitle } from './Page';
export { ProblemMessage } from './ProblemMessage';
export { QrCode } from './QrCode';
export { SagaProgress, type SagaStep } from './SagaProgress';
export { AsyncView, EmptyState, ErrorState, Loading } from './states';
export { useApi, type ApiState } from './useApi';
export { backoffDelay, usePoll, type PollOptions, type PollState } from './usePoll';

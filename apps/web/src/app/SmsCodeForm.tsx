import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, requestSmsCode, type SmsCodePurpose } from '../api';
import { commonMessages, problemText, useLocale, useMessages } from '../i18n';
import { homeOf, useSession } from '../session';
import { SubmitButton, TextField } from '../ui/forms';
import { ProblemMessage } from '../ui/ProblemMessage';
import { accountMessages } from './accountMessages';

/** Problems that belong beside one field rather than above the button. */
const FIELD_OF_PROBLEM: Record<string, string> = {
  'phone-taken': 'phone',
  'sms-code-wrong': 'code',
  'sms-code-expired': 'code',
  'sms-code-exhausted': 'code',
  'sms-send-failed': 'code',
  'rate-limited': 'code',
};

/** The message for `field` from a failed call: a validation error of that field, or a problem that belongs to it. */
function useFieldError(error: unknown): (field: string) => string | undefined {
  const { locale } = useLocale();
  return (field) => {
    if (!(error instanceof ApiError)) {
      return undefined;
    }
    if (FIELD_OF_PROBLEM[error.code] === field) {
      return problemText(locale, error.code, error.problem.params ?? {});
    }
    return error.fieldError(field);
  };
}

const isFieldBound = (error: unknown): boolean =>
  error instanceof ApiError && (Boolean(error.problem.errors?.length) || error.code in FIELD_OF_PROBLEM);

export interface SmsCodeFormValues {
  phone: string;
  code: string;
  password: string;
}

/**
 * The shape both SMS pages share: the phone, a code sent to it (with a countdown before another), the page's own
 * fields, and a password; on submit the page's `submit` runs, then the person is logged in with that password and
 * lands where their work is. Every server error is shown beside its field.
 */
export function SmsCodeForm({
  purpose,
  passwordLabel,
  submitLabel,
  busyLabel,
  children,
  footer,
  submit,
}: {
  purpose: SmsCodePurpose;
  passwordLabel: string;
  submitLabel: string;
  busyLabel: string;
  /** Fields between the code and the password; they get the field error function. */
  children?: (fieldError: (field: string) => string | undefined) => ReactNode;
  footer?: ReactNode;
  submit: (values: SmsCodeFormValues) => Promise<unknown>;
}) {
  const t = useMessages(accountMessages);
  const common = useMessages(commonMessages);
  const { login } = useSession();
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const [sentTo, setSentTo] = useState<string>();
  const [wait, setWait] = useState(0);
  const [error, setError] = useState<unknown>();
  const fieldError = useFieldError(error);

  useEffect(() => {
    if (wait <= 0) {
      return;
    }
    const timer = setTimeout(() => setWait((seconds) => seconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    setSending(true);
    setError(undefined);
    try {
      const sent = await requestSmsCode(api, phone.trim(), purpose);
      setSentTo(phone.trim());
      setWait(sent.resendAfterSeconds);
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.code === 'rate-limited') {
        setWait(Number(failure.problem.params?.retryAfterSeconds ?? 60));
      }
    } finally {
      setSending(false);
    }
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await submit({ phone: phone.trim(), code: code.trim(), password });
      const signedIn = await login(phone.trim(), password);
      void navigate(homeOf(signedIn), { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <TextField
        label={common.phone}
        name="phone"
        type="tel"
        inputMode="numeric"
        autoComplete="tel"
        required
        value={phone}
        onChange={(event) => setPhone(event.target.value)}
        error={fieldError('phone')}
      />
      <TextField
        label={t.code}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        required
        value={code}
        onChange={(event) => setCode(event.target.value)}
        hint={sentTo ? t.codeSent(sentTo) : t.codeHint}
        error={fieldError('code')}
      />
      <button
        type="button"
        className="button button-secondary"
        onClick={() => void sendCode()}
        disabled={sending || wait > 0}
        aria-busy={sending || undefined}
      >
        {sending ? t.sendingCode : wait > 0 ? t.resendIn(wait) : t.sendCode}
      </button>
      {children?.(fieldError)}
      <TextField
        label={passwordLabel}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        hint={t.passwordHint}
        error={fieldError('password')}
      />
      {!isFieldBound(error) && <ProblemMessage error={error} />}
      <SubmitButton busy={busy} busyLabel={busyLabel}>
        {submitLabel}
      </SubmitButton>
      {footer}
    </form>
  );
}

/** Links under the login and sign-up forms. */
export function AccountLinks({ register, login, forgot }: { register?: boolean; login?: boolean; forgot?: boolean }) {
  const t = useMessages(accountMessages);
  return (
    <p className="account-links">
      {register && <Link to="/register">{t.noAccount}</Link>}
      {login && <Link to="/login">{t.haveAccount}</Link>}
      {forgot && <Link to="/forgot-password">{t.forgotPassword}</Link>}
    </p>
  );
}

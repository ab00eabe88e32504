import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { commonMessages, useMessages } from '../i18n';
import { homeOf, useSession } from '../session';
import { SubmitButton, TextField } from '../ui/forms';
import { Page } from '../ui/Page';
import { ProblemMessage } from '../ui/ProblemMessage';
import { AccountLinks } from './SmsCodeForm';

/** Only paths inside the app: `next` comes from the URL and must not send the user elsewhere. */
const safeNext = (next: string | null): string => (next && /^\/(?!\/)/.test(next) ? next : '/');

export function LoginPage() {
  const t = useMessages(commonMessages);
  const { login, status, me } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const asked = params.get('next');
  const next = safeNext(asked);
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  if (status === 'signed-in' && !busy) {
    return <Navigate to={asked ? next : homeOf(me)} replace />;
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await login(phone.trim(), password);
      // a page that asked for the login gets the person back; otherwise they land where their work is
      void navigate(asked ? next : homeOf(signedIn), { replace: true });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  return (
    <Page title={t.loginTitle} className="page-narrow">
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField
          label={t.phone}
          name="phone"
          type="tel"
          inputMode="numeric"
          autoComplete="username"
          required
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
          error={fieldError('phone')}
        />
        <TextField
          label={t.password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldError('password')}
        />
        <ProblemMessage error={error} />
        <SubmitButton busy={busy} busyLabel={t.loggingIn}>
          {t.loginSubmit}
        </SubmitButton>
        <AccountLinks register forgot />
      </form>
    </Page>
  );
}

import { useState } from 'react';
import { Navigate } from 'react-router';
import { api, registerAccount } from '../api';
import { commonMessages, useMessages } from '../i18n';
import { homeOf, useSession } from '../session';
import { TextField } from '../ui/forms';
import { Page } from '../ui/Page';
import { accountMessages } from './accountMessages';
import { AccountLinks, SmsCodeForm } from './SmsCodeForm';

/** Sign-up with a mobile number and the code sent to it; the new buyer is logged in at once. */
export function RegisterPage() {
  const t = useMessages(accountMessages);
  const common = useMessages(commonMessages);
  const { status, me } = useSession();
  const [name, setName] = useState('');
  const [done, setDone] = useState(false);
  if (status === 'signed-in' && !done) {
    return <Navigate to={homeOf(me)} replace />;
  }
  return (
    <Page title={t.registerTitle} className="page-narrow">
      <SmsCodeForm
        purpose="register"
        passwordLabel={common.password}
        submitLabel={t.registerSubmit}
        busyLabel={t.registering}
        submit={async (values) => {
          await registerAccount(api, { ...values, name: name.trim() });
          setDone(true);
        }}
        footer={<AccountLinks login />}
      >
        {(fieldError) => (
          <TextField
            label={t.name}
            name="name"
            autoComplete="name"
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
            hint={t.nameHint}
            error={fieldError('name')}
          />
        )}
      </SmsCodeForm>
    </Page>
  );
}

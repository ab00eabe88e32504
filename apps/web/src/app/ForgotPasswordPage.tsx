import { api, resetPassword } from '../api';
import { useMessages } from '../i18n';
import { Page } from '../ui/Page';
import { accountMessages } from './accountMessages';
import { AccountLinks, SmsCodeForm } from './SmsCodeForm';

/** 忘记密码: a code to the registered phone, a new password, and logged in with it. */
export function ForgotPasswordPage() {
  const t = useMessages(accountMessages);
  return (
    <Page title={t.resetTitle} className="page-narrow">
      <p>{t.resetIntro}</p>
      <SmsCodeForm
        purpose="reset_password"
        passwordLabel={t.newPassword}
        submitLabel={t.resetSubmit}
        busyLabel={t.resetting}
        submit={(values) => resetPassword(api, values)}
        footer={<AccountLinks login register />}
      />
    </Page>
  );
}

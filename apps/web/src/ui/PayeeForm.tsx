import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { PayeeAccount, PayeeKind } from '../api';
import { defineMessages, useMessages } from '../i18n';
import { SelectField, SubmitButton, TextField, setServerErrors } from './forms';
import { moneyApi, type PayeeBody } from './moneyApi';
import { ProblemMessage } from './ProblemMessage';
import { AsyncView } from './states';
import { useApi } from './useApi';

const zhKinds: Record<PayeeKind, string> = {
  wechat_openid: '微信零钱（用户标识）',
  wechat_merchant: '微信支付商户号',
  alipay_login_id: '支付宝账号（手机号或邮箱）',
  alipay_user_id: '支付宝用户号（2088 开头）',
  simulated: '模拟账户（仅开发环境）',
};
const enKinds: Record<PayeeKind, string> = {
  wechat_openid: 'WeChat balance (openid)',
  wechat_merchant: 'WeChat Pay merchant id',
  alipay_login_id: 'Alipay account (phone or e-mail)',
  alipay_user_id: 'Alipay user id (starts 2088)',
  simulated: 'Simulated account (development only)',
};
const KINDS = Object.keys(zhKinds) as PayeeKind[];

export const payeeMessages = defineMessages(
  {
    title: '收款账户',
    intro: '结算单的应结金额打款到这里。只有组织负责人可以修改。',
    none: '还没有收款账户，打款会一直失败，请先设置。',
    now: (kind: PayeeKind, account: string) => `${zhKinds[kind]}：${account}`,
    kind: '账户类型',
    kindName: (kind: PayeeKind) => zhKinds[kind],
    account: '账号',
    accountHint: '微信用户标识、微信支付商户号，或支付宝账号',
    name: '实名（选填）',
    nameHint: '与账户实名一致，平台打款时核对',
    saved: '收款账户已保存。',
    required: '必填',
    save: '保存收款账户',
  },
  {
    title: 'Payee account',
    intro: 'Statements are paid out to this account. Only the organisation’s owners may change it.',
    none: 'No payee account yet: payouts keep failing until you set one.',
    now: (kind: PayeeKind, account: string) => `${enKinds[kind]}: ${account}`,
    kind: 'Account type',
    kindName: (kind: PayeeKind) => enKinds[kind],
    account: 'Account',
    accountHint: 'WeChat openid or merchant id, or Alipay account',
    name: 'Real name (optional)',
    nameHint: 'As on the account; the provider checks it',
    saved: 'Payee account saved.',
    required: 'Required',
    save: 'Save payee account',
  },
);

/** Where a seller's or a service point's payouts go: the account now, and the form to set it. */
export function PayeeSummary({ account }: { account: PayeeAccount | null }) {
  const t = useMessages(payeeMessages);
  return account ? (
    <p data-testid="payee-now">{t.now(account.kind, account.account)}</p>
  ) : (
    <p className="problem">{t.none}</p>
  );
}

export function PayeeForm({ area, orgId }: { area: string; orgId: string }) {
  const t = useMessages(payeeMessages);
  const current = useApi([area, 'PayeeForm.payee', orgId], (signal) => moneyApi.payee(orgId, signal));
  return (
    <AsyncView data={current.data} error={current.error} loading={current.loading} onRetry={current.reload}>
      {(account) => (
        <>
          <p className="muted">{t.intro}</p>
          <PayeeSummary account={account} />
          <PayeeFields orgId={orgId} account={account} onSaved={(saved) => current.setData(saved)} />
        </>
      )}
    </AsyncView>
  );
}

function PayeeFields({
  orgId,
  account,
  onSaved,
}: {
  orgId: string;
  account: PayeeAccount | null;
  onSaved: (account: PayeeAccount) => void;
}) {
  const t = useMessages(payeeMessages);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    setError: setFieldError,
    formState,
  } = useForm<PayeeBody>({
    defaultValues: {
      kind: account?.kind ?? 'wechat_openid',
      account: account?.account ?? '',
      name: account?.name ?? '',
    },
  });
  const save = handleSubmit(async (form) => {
    setError(undefined);
    setSaved(false);
    try {
      const body: PayeeBody = { kind: form.kind, account: form.account.trim(), name: form.name?.trim() || undefined };
      onSaved(await moneyApi.setPayee(orgId, body));
      setSaved(true);
    } catch (caught) {
      setError(caught);
      setServerErrors(setFieldError, caught, (field) =>
        field === 'kind' || field === 'account' || field === 'name' ? field : undefined,
      );
    }
  });
  return (
    <form className="form card" onSubmit={(event) => void save(event)} noValidate>
      <SelectField label={t.kind} {...register('kind')}>
        {KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t.kindName(kind)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t.account}
        hint={t.accountHint}
        autoComplete="off"
        required
        error={formState.errors.account?.message}
        {...register('account', { validate: (value) => value.trim() !== '' || t.required })}
      />
      <TextField label={t.name} hint={t.nameHint} error={formState.errors.name?.message} {...register('name')} />
      <SubmitButton busy={formState.isSubmitting}>{t.save}</SubmitButton>
      {saved && (
        <p className="notice" role="status">
          {t.saved}
        </p>
      )}
      <ProblemMessage error={error} />
    </form>
  );
}

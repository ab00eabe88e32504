import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, fetchDevSms } from '../api';
import { useFormat, useMessages } from '../i18n';
import { TextField } from '../ui/forms';
import { Page } from '../ui/Page';
import { ProblemMessage } from '../ui/ProblemMessage';
import { accountMessages } from './accountMessages';

/**
 * Development only: the SMS the platform sent (codes, pickup messages), read from identity's outbox. Identity has
 * no outbox when a real provider sends (production), and the page then says so.
 */
export function DevSmsPage() {
  const t = useMessages(accountMessages);
  const f = useFormat();
  const [phone, setPhone] = useState('');
  const filter = /^1[3-9]\d{9}$/.test(phone.trim()) ? phone.trim() : undefined;
  const messages = useQuery({
    queryKey: ['dev-sms', filter],
    queryFn: ({ signal }) => fetchDevSms(api, filter, signal),
    refetchInterval: 3000,
    retry: false,
  });
  const off = messages.error instanceof ApiError && messages.error.status === 404;
  return (
    <Page title={t.devSmsTitle} className="page-narrow">
      <p>{off ? t.devSmsOff : t.devSmsIntro}</p>
      {!off && (
        <TextField
          label={t.devSmsPhone}
          name="phone"
          type="tel"
          inputMode="numeric"
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
        />
      )}
      {messages.error && !off ? (
        <ProblemMessage error={messages.error} onRetry={() => void messages.refetch()} />
      ) : null}
      {messages.data && messages.data.length === 0 && <p>{t.devSmsEmpty}</p>}
      <ul className="dev-sms-list" data-testid="dev-sms">
        {messages.data?.map((sms) => (
          <li key={`${sms.sentAt}-${sms.phone}-${sms.text}`} className="card">
            <p className="dev-sms-meta">
              {t.devSmsTo(sms.phone)} · {f.dateTime(sms.sentAt)}
            </p>
            <p className="dev-sms-text">{sms.text}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

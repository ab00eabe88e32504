import { useState, type FormEvent } from 'react';
import { fieldErrorOf } from '../../../api';
import { useMessages } from '../../../i18n';
import { AsyncView, Page, ProblemMessage, SubmitButton, TextField, useApi } from '../../../ui';
import { countyApi, type LogisticsSettings, type OrderSettings } from '../api';
import { Notice } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';
import { NetworkNav } from '../network';

type LogisticsKey = Exclude<keyof LogisticsSettings, 'countyCode'>;
const LOGISTICS_FIELDS: { key: LogisticsKey; min: number; max: number }[] = [
  { key: 'retentionDays', min: 1, max: 30 },
  { key: 'reminderHoursBefore', min: 0, max: 240 },
  { key: 'pickupMaxAttempts', min: 1, max: 100 },
  { key: 'pickupWindowMinutes', min: 1, max: 1440 },
  { key: 'pickupLockMinutes', min: 1, max: 1440 },
];

function LogisticsSettingsForm({ county, settings }: { county: string; settings: LogisticsSettings }) {
  const t = useMessages(countyMessages);
  const [values, setValues] = useState<Record<LogisticsKey, string>>(
    () =>
      Object.fromEntries(LOGISTICS_FIELDS.map(({ key }) => [key, String(settings[key])])) as Record<
        LogisticsKey,
        string
      >,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      await countyApi.logistics.updateSettings(
        county,
        Object.fromEntries(LOGISTICS_FIELDS.map(({ key }) => [key, Number(values[key])])),
      );
      setNotice(t.settingsSaved);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2>{t.logisticsSettings}</h2>
      <div className="grid grid-3">
        {LOGISTICS_FIELDS.map(({ key, min, max }) => (
          <TextField
            key={key}
            label={t.setting(key)}
            name={key}
            type="number"
            min={min}
            max={max}
            required
            hint={t.range(min, max)}
            value={values[key]}
            error={fieldErrorOf(error, key)}
            onChange={(event) => setValues((current) => ({ ...current, [key]: event.target.value }))}
          />
        ))}
      </div>
      <ProblemMessage error={error} />
      <Notice>{notice}</Notice>
      <SubmitButton busy={busy} busyLabel={t.saving}>
        {t.save}
      </SubmitButton>
    </form>
  );
}

function OrderSettingsForm({ county, settings }: { county: string; settings: OrderSettings }) {
  const t = useMessages(countyMessages);
  const [target, setTarget] = useState(String(settings.growthTargetBp / 100));
  const [claimWindow, setClaimWindow] = useState(String(settings.claimWindowHours));
  const [claimResponse, setClaimResponse] = useState(String(settings.claimResponseHours));
  const [commission, setCommission] = useState(String(settings.commissionRateBp / 100));
  const [crossCounty, setCrossCounty] = useState(settings.allowCrossCountyServicePoint);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const fieldError = (field: string) => fieldErrorOf(error, field);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      await countyApi.orders.updateSettings(county, {
        growthTargetBp: Math.round(Number(target) * 100),
        claimWindowHours: Number(claimWindow),
        claimResponseHours: Number(claimResponse),
        commissionRateBp: Math.round(Number(commission) * 100),
        allowCrossCountyServicePoint: crossCounty,
      });
      setNotice(t.settingsSaved);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2>{t.tradeSettings}</h2>
      {settings.source === 'default' && <p className="muted small">{t.settingsDefault}</p>}
      <div className="grid grid-2">
        <TextField
          label={t.growthTarget}
          name="growthTarget"
          type="number"
          min={0}
          step="0.1"
          hint={t.growthTargetHint}
          value={target}
          error={fieldError('growthTargetBp')}
          onChange={(event) => setTarget(event.target.value)}
        />
        <TextField
          label={t.commissionRate}
          name="commissionRate"
          type="number"
          min={0}
          max={50}
          step="0.01"
          value={commission}
          error={fieldError('commissionRateBp')}
          onChange={(event) => setCommission(event.target.value)}
        />
        <TextField
          label={t.claimWindowHours}
          name="claimWindowHours"
          type="number"
          min={1}
          max={720}
          value={claimWindow}
          error={fieldError('claimWindowHours')}
          onChange={(event) => setClaimWindow(event.target.value)}
        />
        <TextField
          label={t.claimResponseHours}
          name="claimResponseHours"
          type="number"
          min={1}
          max={720}
          value={claimResponse}
          error={fieldError('claimResponseHours')}
          onChange={(event) => setClaimResponse(event.target.value)}
        />
      </div>
      <label className="choice">
        <input type="checkbox" checked={crossCounty} onChange={(event) => setCrossCounty(event.target.checked)} />
        <span>{t.allowCrossCounty}</span>
      </label>
      <ProblemMessage error={error} />
      <Notice>{notice}</Notice>
      <SubmitButton busy={busy} busyLabel={t.saving}>
        {t.save}
      </SubmitButton>
    </form>
  );
}

export function SettingsPage() {
  const t = useMessages(countyMessages);
  const { code } = useCounty();
  const logistics = useApi(['county', 'SettingsPage.logisticsSettings', code], (signal) =>
    countyApi.logistics.settings(code, signal),
  );
  const orders = useApi(['county', 'SettingsPage.ordersSettings', code], (signal) =>
    countyApi.orders.settings(code, signal),
  );
  return (
    <Page title={t.settingsTitle}>
      <NetworkNav />
      <AsyncView data={logistics.data} error={logistics.error} loading={logistics.loading} onRetry={logistics.reload}>
        {(settings) => <LogisticsSettingsForm key={code} county={code} settings={settings} />}
      </AsyncView>
      <AsyncView data={orders.data} error={orders.error} loading={orders.loading} onRetry={orders.reload}>
        {(settings) => <OrderSettingsForm key={code} county={code} settings={settings} />}
      </AsyncView>
    </Page>
  );
}

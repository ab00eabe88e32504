import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useMessages } from '../../../i18n';
import {
  AsyncView,
  fieldsByApiName,
  Page,
  ProblemMessage,
  setServerErrors,
  SubmitButton,
  TextField,
  useApi,
} from '../../../ui';
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

type LogisticsDraft = Record<LogisticsKey, string>;

/** The form's fields are named as the API's. */
const logisticsFieldOf = fieldsByApiName<LogisticsDraft>(LOGISTICS_FIELDS.map(({ key }) => key));

function LogisticsSettingsForm({ county, settings }: { county: string; settings: LogisticsSettings }) {
  const t = useMessages(countyMessages);
  const { register, handleSubmit, setError, formState } = useForm<LogisticsDraft>({
    defaultValues: Object.fromEntries(LOGISTICS_FIELDS.map(({ key }) => [key, String(settings[key])])),
  });
  const save = useMutation({
    mutationFn: (draft: LogisticsDraft) =>
      countyApi.logistics.updateSettings(
        county,
        Object.fromEntries(LOGISTICS_FIELDS.map(({ key }) => [key, Number(draft[key])])),
      ),
    onError: (failure) => setServerErrors(setError, failure, logisticsFieldOf),
  });
  return (
    <form
      className="form card"
      onSubmit={(event) => void handleSubmit((draft) => save.mutate(draft))(event)}
      noValidate
    >
      <h2>{t.logisticsSettings}</h2>
      <div className="grid grid-3">
        {LOGISTICS_FIELDS.map(({ key, min, max }) => (
          <TextField
            key={key}
            label={t.setting(key)}
            type="number"
            min={min}
            max={max}
            required
            hint={t.range(min, max)}
            error={formState.errors[key]?.message}
            {...register(key)}
          />
        ))}
      </div>
      <ProblemMessage error={save.error} />
      <Notice>{save.isSuccess ? t.settingsSaved : ''}</Notice>
      <SubmitButton busy={save.isPending} busyLabel={t.saving}>
        {t.save}
      </SubmitButton>
    </form>
  );
}

/** The trade settings' fields; the percentages are sent as basis points. */
interface OrderDraft {
  growthTarget: string;
  commissionRate: string;
  claimWindowHours: string;
  claimResponseHours: string;
  allowCrossCountyServicePoint: boolean;
}

const orderFieldOf = fieldsByApiName<OrderDraft>({
  growthTargetBp: 'growthTarget',
  commissionRateBp: 'commissionRate',
  claimWindowHours: 'claimWindowHours',
  claimResponseHours: 'claimResponseHours',
  allowCrossCountyServicePoint: 'allowCrossCountyServicePoint',
});

function OrderSettingsForm({ county, settings }: { county: string; settings: OrderSettings }) {
  const t = useMessages(countyMessages);
  const { register, handleSubmit, setError, formState } = useForm<OrderDraft>({
    defaultValues: {
      growthTarget: String(settings.growthTargetBp / 100),
      commissionRate: String(settings.commissionRateBp / 100),
      claimWindowHours: String(settings.claimWindowHours),
      claimResponseHours: String(settings.claimResponseHours),
      allowCrossCountyServicePoint: settings.allowCrossCountyServicePoint,
    },
  });
  const save = useMutation({
    mutationFn: (draft: OrderDraft) =>
      countyApi.orders.updateSettings(county, {
        growthTargetBp: Math.round(Number(draft.growthTarget) * 100),
        claimWindowHours: Number(draft.claimWindowHours),
        claimResponseHours: Number(draft.claimResponseHours),
        commissionRateBp: Math.round(Number(draft.commissionRate) * 100),
        allowCrossCountyServicePoint: draft.allowCrossCountyServicePoint,
      }),
    onError: (failure) => setServerErrors(setError, failure, orderFieldOf),
  });
  const errors = formState.errors;
  return (
    <form
      className="form card"
      onSubmit={(event) => void handleSubmit((draft) => save.mutate(draft))(event)}
      noValidate
    >
      <h2>{t.tradeSettings}</h2>
      {settings.source === 'default' && <p className="muted small">{t.settingsDefault}</p>}
      <div className="grid grid-2">
        <TextField
          label={t.growthTarget}
          type="number"
          min={0}
          step="0.1"
          hint={t.growthTargetHint}
          error={errors.growthTarget?.message}
          {...register('growthTarget')}
        />
        <TextField
          label={t.commissionRate}
          type="number"
          min={0}
          max={50}
          step="0.01"
          error={errors.commissionRate?.message}
          {...register('commissionRate')}
        />
        <TextField
          label={t.claimWindowHours}
          type="number"
          min={1}
          max={720}
          error={errors.claimWindowHours?.message}
          {...register('claimWindowHours')}
        />
        <TextField
          label={t.claimResponseHours}
          type="number"
          min={1}
          max={720}
          error={errors.claimResponseHours?.message}
          {...register('claimResponseHours')}
        />
      </div>
      <label className="choice">
        <input type="checkbox" {...register('allowCrossCountyServicePoint')} />
        <span>{t.allowCrossCounty}</span>
      </label>
      <ProblemMessage error={save.error} />
      <Notice>{save.isSuccess ? t.settingsSaved : ''}</Notice>
      <SubmitButton busy={save.isPending} busyLabel={t.saving}>
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

import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import type { FreightTemplate } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import {
  AsyncView,
  Page,
  ProblemMessage,
  SelectField,
  setServerErrors,
  SubmitButton,
  TextField,
  useApi,
} from '../../../ui';
import { moneyApi, type FreightTemplateBody } from '../../../ui/moneyApi';
import { sellerMoneyMessages } from '../moneyMessages';
import { useSellerOrg } from '../org';

/** Mainland China's provincial divisions, as buyers' addresses name them. */
export const PROVINCES = [
  '北京市',
  '天津市',
  '河北省',
  '山西省',
  '内蒙古自治区',
  '辽宁省',
  '吉林省',
  '黑龙江省',
  '上海市',
  '江苏省',
  '浙江省',
  '安徽省',
  '福建省',
  '江西省',
  '山东省',
  '河南省',
  '湖北省',
  '湖南省',
  '广东省',
  '广西壮族自治区',
  '海南省',
  '重庆市',
  '四川省',
  '贵州省',
  '云南省',
  '西藏自治区',
  '陕西省',
  '甘肃省',
  '青海省',
  '宁夏回族自治区',
  '新疆维吾尔自治区',
  '台湾省',
  '香港特别行政区',
  '澳门特别行政区',
] as const;

interface RegionForm {
  provinces: string[];
  firstKg: string;
  additionalKg: string;
}

interface FreightForm {
  firstKg: string;
  additionalKg: string;
  regions: RegionForm[];
  freeAbove: string;
  coldChain: string;
  pickupFee: string;
}

const YUAN = /^\d{1,6}(\.\d{1,2})?$/;
/** "12.5" → 1250 fen, exactly (no floating point). */
export function yuanToFen(text: string): number {
  const [whole, part = ''] = text.trim().split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}
const fenToYuan = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

const formOf = (template: FreightTemplate): FreightForm => ({
  firstKg: fenToYuan(template.firstKgFen),
  additionalKg: fenToYuan(template.additionalKgFen),
  regions: template.regions.map((region) => ({
    provinces: region.provinces,
    firstKg: fenToYuan(region.firstKgFen),
    additionalKg: fenToYuan(region.additionalKgFen),
  })),
  freeAbove: template.freeAboveFen == null ? '' : fenToYuan(template.freeAboveFen),
  coldChain: fenToYuan(template.coldChainSurchargeFen),
  pickupFee: fenToYuan(template.pickupFeeFen),
});

const bodyOf = (form: FreightForm): FreightTemplateBody => ({
  firstKgFen: yuanToFen(form.firstKg),
  additionalKgFen: yuanToFen(form.additionalKg),
  regions: form.regions.map((region) => ({
    provinces: region.provinces,
    firstKgFen: yuanToFen(region.firstKg),
    additionalKgFen: yuanToFen(region.additionalKg),
  })),
  freeAboveFen: form.freeAbove.trim() === '' ? null : yuanToFen(form.freeAbove),
  coldChainSurchargeFen: yuanToFen(form.coldChain),
  pickupFeeFen: yuanToFen(form.pickupFee),
});

/** The API's field (`regions.0.firstKgFen`) as the form's. */
function fieldOf(apiField: string): string | undefined {
  const names: Record<string, string> = {
    firstKgFen: 'firstKg',
    additionalKgFen: 'additionalKg',
    freeAboveFen: 'freeAbove',
    coldChainSurchargeFen: 'coldChain',
    pickupFeeFen: 'pickupFee',
  };
  const region = /^regions\.(\d+)\.(\w+)/.exec(apiField);
  if (region) {
    return `regions.${region[1]}.${names[region[2]] ?? region[2]}`;
  }
  return names[apiField.split('.')[0]];
}

/** The seller's freight template: default and per-province rates, free above, cold chain, pickup at a point. */
export function FreightPage() {
  const t = useMessages(sellerMoneyMessages);
  const { org } = useSellerOrg();
  const current = useApi(['seller', 'FreightPage.template', org.orgId], (signal) =>
    moneyApi.freight(org.orgId, signal),
  );
  return (
    <Page title={t.freightTitle}>
      <p>
        <Link to="/seller/statements">← {t.backToStatements}</Link>
      </p>
      <p className="muted">{t.freightIntro}</p>
      <AsyncView data={current.data} error={current.error} loading={current.loading} onRetry={current.reload}>
        {(template) => (
          <>
            {template.updatedAt === null && <p className="notice">{t.freightNone}</p>}
            <FreightEditor orgId={org.orgId} template={template} onSaved={(saved) => current.setData(saved)} />
          </>
        )}
      </AsyncView>
    </Page>
  );
}

function FreightEditor({
  orgId,
  template,
  onSaved,
}: {
  orgId: string;
  template: FreightTemplate;
  onSaved: (template: FreightTemplate) => void;
}) {
  const t = useMessages(sellerMoneyMessages);
  const f = useFormat();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const {
    register,
    control,
    handleSubmit,
    setError: setFieldError,
    formState,
    watch,
  } = useForm<FreightForm>({
    defaultValues: formOf(template),
  });
  const regions = useFieldArray({ control, name: 'regions' });
  const yuan = { validate: (value: string) => YUAN.test(value.trim()) || t.yuanInvalid };
  const optionalYuan = { validate: (value: string) => value.trim() === '' || YUAN.test(value.trim()) || t.yuanInvalid };
  const chosen = watch('regions');
  const first = watch('firstKg');
  const additional = watch('additionalKg');
  const example =
    YUAN.test(first.trim()) && YUAN.test(additional.trim()) ? yuanToFen(first) + 2 * yuanToFen(additional) : null;

  const save = handleSubmit(async (form) => {
    setError(undefined);
    setSaved(false);
    try {
      onSaved(await moneyApi.setFreight(orgId, bodyOf(form)));
      setSaved(true);
    } catch (caught) {
      setError(caught);
      setServerErrors(setFieldError, caught, (field) => fieldOf(field) as keyof FreightForm | undefined);
    }
  });

  return (
    <form className="form" onSubmit={(event) => void save(event)} noValidate data-testid="freight-form">
      <fieldset className="card">
        <legend>{t.defaultRate}</legend>
        <TextField
          label={t.firstKg}
          inputMode="decimal"
          error={formState.errors.firstKg?.message}
          {...register('firstKg', yuan)}
        />
        <TextField
          label={t.additionalKg}
          inputMode="decimal"
          error={formState.errors.additionalKg?.message}
          {...register('additionalKg', yuan)}
        />
        {example !== null && <p className="muted small">{t.example(f.fen(example))}</p>}
      </fieldset>
      <fieldset className="card">
        <legend>{t.regions}</legend>
        {regions.fields.map((field, index) => (
          <div key={field.id} className="freight-region" data-testid="freight-region">
            <p>
              <strong>{t.regionN(index + 1)}</strong>{' '}
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => regions.remove(index)}
              >
                {t.removeRegion}
              </button>
            </p>
            <SelectField
              label={t.regionProvinces}
              hint={t.regionProvincesHint}
              multiple
              size={6}
              error={formState.errors.regions?.[index]?.provinces?.message}
              {...register(`regions.${index}.provinces`, {
                validate: (value) => value.length > 0 || t.provincesRequired,
              })}
            >
              {PROVINCES.map((province) => (
                <option key={province} value={province}>
                  {province}
                </option>
              ))}
            </SelectField>
            {(chosen[index]?.provinces ?? []).length > 0 && (
              <p className="small" data-testid="region-chosen">
                {t.chosen(chosen[index].provinces.join('、'))}
              </p>
            )}
            <TextField
              label={t.firstKg}
              inputMode="decimal"
              error={formState.errors.regions?.[index]?.firstKg?.message}
              {...register(`regions.${index}.firstKg`, yuan)}
            />
            <TextField
              label={t.additionalKg}
              inputMode="decimal"
              error={formState.errors.regions?.[index]?.additionalKg?.message}
              {...register(`regions.${index}.additionalKg`, yuan)}
            />
          </div>
        ))}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => regions.append({ provinces: [], firstKg: '', additionalKg: '' })}
        >
          {t.addRegion}
        </button>
      </fieldset>
      <fieldset className="card">
        <TextField
          label={t.freeAbove}
          hint={t.freeAboveHint}
          inputMode="decimal"
          error={formState.errors.freeAbove?.message}
          {...register('freeAbove', optionalYuan)}
        />
        <TextField
          label={t.coldChain}
          hint={t.coldChainHint}
          inputMode="decimal"
          error={formState.errors.coldChain?.message}
          {...register('coldChain', yuan)}
        />
        <TextField
          label={t.pickupFee}
          hint={t.pickupFeeHint}
          inputMode="decimal"
          error={formState.errors.pickupFee?.message}
          {...register('pickupFee', yuan)}
        />
      </fieldset>
      <SubmitButton busy={formState.isSubmitting}>{t.save}</SubmitButton>
      {saved && (
        <p className="notice" role="status">
          {t.freightSaved}
        </p>
      )}
      <ProblemMessage error={error} />
    </form>
  );
}

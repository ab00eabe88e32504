import { useState, type FormEvent } from 'react';
import { fieldErrorOf } from '../../api';
import { useMessages } from '../../i18n';
import { ProblemMessage, SubmitButton, TextField } from '../../ui';
import type { Sku, SkuFields } from './api';
import { sellerMessages } from './messages';
import { fenToYuan, gramsToKg, kgToGrams, wholeNumber, yuanToFen } from './money';

/** A SKU as typed: every value a string until it is checked. */
export interface SkuDraft {
  spec: string;
  price: string;
  weight: string;
  volume: string;
  barcode: string;
  initialStock: string;
}

export const emptySku: SkuDraft = { spec: '', price: '', weight: '', volume: '0', barcode: '', initialStock: '0' };

export const skuDraftOf = (sku: Sku): SkuDraft => ({
  spec: sku.spec,
  price: fenToYuan(sku.priceFen),
  weight: gramsToKg(sku.weightGrams),
  volume: String(sku.volumeMl / 1000),
  barcode: sku.barcode ?? '',
  initialStock: '0',
});

type SkuErrors = Partial<Record<keyof SkuDraft, string>>;

/** Checks a typed SKU; the API checks again (and its field errors are shown the same way). */
export function parseSku(
  draft: SkuDraft,
  t: { invalidPrice: string; invalidWeight: string; invalidNumber: string },
): { fields?: SkuFields & { initialStock: number }; errors: SkuErrors } {
  const errors: SkuErrors = {};
  const priceFen = yuanToFen(draft.price);
  const weightGrams = kgToGrams(draft.weight);
  const litres = draft.volume.trim() === '' ? 0 : Number(draft.volume);
  const initialStock = draft.initialStock.trim() === '' ? 0 : wholeNumber(draft.initialStock);
  if (priceFen === null) {
    errors.price = t.invalidPrice;
  }
  if (weightGrams === null) {
    errors.weight = t.invalidWeight;
  }
  if (!Number.isFinite(litres) || litres < 0) {
    errors.volume = t.invalidNumber;
  }
  if (initialStock === null) {
    errors.initialStock = t.invalidNumber;
  }
  if (Object.keys(errors).length > 0 || priceFen === null || weightGrams === null || initialStock === null) {
    return { errors };
  }
  return {
    errors,
    fields: {
      spec: draft.spec.trim(),
      priceFen,
      weightGrams,
      volumeMl: Math.round(litres * 1000),
      barcode: draft.barcode.trim() || null,
      initialStock,
    },
  };
}

/** The inputs of one SKU; `prefix` keeps ids unique, `apiError` finds the API's message for a DTO field. */
export function SkuInputs({
  draft,
  onChange,
  errors,
  apiError,
  withStock,
  prefix,
}: {
  draft: SkuDraft;
  onChange: (draft: SkuDraft) => void;
  errors: SkuErrors;
  apiError: (field: keyof SkuFields | 'initialStock') => string | undefined;
  withStock: boolean;
  prefix: string;
}) {
  const t = useMessages(sellerMessages);
  const set = (key: keyof SkuDraft) => (event: { target: { value: string } }) =>
    onChange({ ...draft, [key]: event.target.value });
  return (
    <div className="form-columns">
      <TextField
        id={`${prefix}-spec`}
        name="spec"
        label={t.spec}
        hint={t.specHint}
        required
        maxLength={60}
        value={draft.spec}
        onChange={set('spec')}
        error={apiError('spec')}
      />
      <TextField
        id={`${prefix}-price`}
        name="price"
        label={t.price}
        hint={t.priceHint}
        required
        inputMode="decimal"
        value={draft.price}
        onChange={set('price')}
        error={errors.price ?? apiError('priceFen')}
      />
      <TextField
        id={`${prefix}-weight`}
        name="weight"
        label={t.weight}
        hint={t.weightHint}
        required
        inputMode="decimal"
        value={draft.weight}
        onChange={set('weight')}
        error={errors.weight ?? apiError('weightGrams')}
      />
      <TextField
        id={`${prefix}-volume`}
        name="volume"
        label={t.volume}
        inputMode="decimal"
        value={draft.volume}
        onChange={set('volume')}
        error={errors.volume ?? apiError('volumeMl')}
      />
      <TextField
        id={`${prefix}-barcode`}
        name="barcode"
        label={t.barcode}
        hint={t.barcodeHint}
        inputMode="numeric"
        value={draft.barcode}
        onChange={set('barcode')}
        error={apiError('barcode')}
      />
      {withStock && (
        <TextField
          id={`${prefix}-stock`}
          name="initialStock"
          label={t.initialStock}
          inputMode="numeric"
          value={draft.initialStock}
          onChange={set('initialStock')}
          error={errors.initialStock ?? apiError('initialStock')}
        />
      )}
    </div>
  );
}

/** Adds a SKU to a listing, or changes one (`sku` given). */
export function SkuForm({
  sku,
  onSave,
  onCancel,
}: {
  sku?: Sku;
  onSave: (fields: SkuFields & { initialStock?: number }) => Promise<void>;
  onCancel?: () => void;
}) {
  const t = useMessages(sellerMessages);
  const [draft, setDraft] = useState<SkuDraft>(() => (sku ? skuDraftOf(sku) : emptySku));
  const [errors, setErrors] = useState<SkuErrors>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const prefix = sku ? `sku-${sku.id}` : 'sku-new';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseSku(draft, t);
    setErrors(parsed.errors);
    if (!parsed.fields) {
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const { initialStock, ...fields } = parsed.fields;
      await onSave(sku ? fields : { ...fields, initialStock });
      if (!sku) {
        setDraft(emptySku);
      }
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid={`${prefix}-form`}>
      <SkuInputs
        draft={draft}
        onChange={setDraft}
        errors={errors}
        apiError={(field) => fieldErrorOf(failure, field)}
        withStock={!sku}
        prefix={prefix}
      />
      <ProblemMessage error={failure} />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={sku ? t.saving : t.adding}>
          {sku ? t.saveChanges : t.addSku}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t.cancelEdit}
          </button>
        )}
      </div>
    </form>
  );
}

import { useMutation } from '@tanstack/react-query';
import { FormProvider, useForm, useFormContext, type UseFormSetError } from 'react-hook-form';
import { useMessages } from '../../i18n';
import { ProblemMessage, setServerErrors, SubmitButton, TextField } from '../../ui';
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

/** A form that holds one SKU under `sku` (the SKU form itself, or the listing form's first SKU). */
export interface WithSku {
  sku: SkuDraft;
}

const SKU_FIELDS: Record<string, `sku.${keyof SkuDraft}`> = {
  spec: 'sku.spec',
  priceFen: 'sku.price',
  weightGrams: 'sku.weight',
  volumeMl: 'sku.volume',
  barcode: 'sku.barcode',
  initialStock: 'sku.initialStock',
};

/** The SKU input beside which the API's message for one of its fields (`priceFen`…) goes. */
export const skuFieldOf = (apiField: string): `sku.${keyof SkuDraft}` | undefined =>
  Object.hasOwn(SKU_FIELDS, apiField) ? SKU_FIELDS[apiField] : undefined;

/** Puts parseSku's messages beside their inputs; true when there were none. */
export function skuChecked(setError: UseFormSetError<WithSku>, errors: SkuErrors): boolean {
  for (const [key, message] of Object.entries(errors)) {
    setError(`sku.${key as keyof SkuDraft}`, { type: 'local', message });
  }
  return Object.keys(errors).length === 0;
}

/** The inputs of one SKU, in a react-hook-form form that holds it under `sku`; `prefix` keeps ids unique. */
export function SkuInputs({ withStock, prefix }: { withStock: boolean; prefix: string }) {
  const t = useMessages(sellerMessages);
  const { register, formState } = useFormContext<WithSku>();
  const errors = formState.errors.sku ?? {};
  return (
    <div className="form-columns">
      <TextField
        id={`${prefix}-spec`}
        label={t.spec}
        hint={t.specHint}
        required
        maxLength={60}
        error={errors.spec?.message}
        {...register('sku.spec')}
      />
      <TextField
        id={`${prefix}-price`}
        label={t.price}
        hint={t.priceHint}
        required
        inputMode="decimal"
        error={errors.price?.message}
        {...register('sku.price')}
      />
      <TextField
        id={`${prefix}-weight`}
        label={t.weight}
        hint={t.weightHint}
        required
        inputMode="decimal"
        error={errors.weight?.message}
        {...register('sku.weight')}
      />
      <TextField
        id={`${prefix}-volume`}
        label={t.volume}
        inputMode="decimal"
        error={errors.volume?.message}
        {...register('sku.volume')}
      />
      <TextField
        id={`${prefix}-barcode`}
        label={t.barcode}
        hint={t.barcodeHint}
        inputMode="numeric"
        error={errors.barcode?.message}
        {...register('sku.barcode')}
      />
      {withStock && (
        <TextField
          id={`${prefix}-stock`}
          label={t.initialStock}
          inputMode="numeric"
          error={errors.initialStock?.message}
          {...register('sku.initialStock')}
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
  const form = useForm<WithSku>({ defaultValues: { sku: sku ? skuDraftOf(sku) : emptySku } });
  const save = useMutation({
    mutationFn: onSave,
    onSuccess: () => {
      if (!sku) {
        form.reset({ sku: emptySku });
      }
    },
    onError: (failure) => setServerErrors(form.setError, failure, skuFieldOf),
  });
  const prefix = sku ? `sku-${sku.id}` : 'sku-new';

  const onSubmit = form.handleSubmit((values) => {
    const parsed = parseSku(values.sku, t);
    if (!skuChecked(form.setError, parsed.errors) || !parsed.fields) {
      return;
    }
    const { initialStock, ...fields } = parsed.fields;
    save.mutate(sku ? fields : { ...fields, initialStock });
  });

  return (
    <FormProvider {...form}>
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid={`${prefix}-form`}>
        <SkuInputs withStock={!sku} prefix={prefix} />
        <ProblemMessage error={save.error} />
        <div className="form-actions">
          <SubmitButton busy={save.isPending} busyLabel={sku ? t.saving : t.adding}>
            {sku ? t.saveChanges : t.addSku}
          </SubmitButton>
          {onCancel && (
            <button type="button" className="button button-secondary" onClick={onCancel}>
              {t.cancelEdit}
            </button>
          )}
        </div>
      </form>
    </FormProvider>
  );
}

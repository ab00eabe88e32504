import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import {
  AsyncView,
  fieldsByApiName,
  Page,
  ProblemMessage,
  SelectField,
  setServerErrors,
  SubmitButton,
  TextAreaField,
  TextField,
  useApi,
} from '../../../ui';
import {
  flattenCategories,
  sellerApi,
  TEMPERATURE_CLASSES,
  type Category,
  type Direction,
  type Listing,
  type ListingFields,
  type SkuFields,
  type TemperatureClass,
} from '../api';
import { sellerMessages } from '../messages';
import { wholeNumber } from '../money';
import { useSellerOrg } from '../org';
import { emptySku, parseSku, skuChecked, skuFieldOf, SkuInputs, type WithSku } from '../SkuForm';

interface Draft {
  direction: Direction;
  categoryId: string;
  title: string;
  description: string;
  images: string;
  originVillageCode: string;
  shelfLifeDays: string;
  temperatureClass: TemperatureClass;
  minC: string;
  maxC: string;
  weightToleranceGrams: string;
}

const draftOf = (listing: Listing): Draft => ({
  direction: listing.direction,
  categoryId: listing.categoryId,
  title: listing.title,
  description: listing.description,
  images: listing.images.join('\n'),
  originVillageCode: listing.originVillageCode ?? '',
  shelfLifeDays: listing.shelfLifeDays === null ? '' : String(listing.shelfLifeDays),
  temperatureClass: listing.temperature.class,
  minC: listing.temperature.class === 'range' ? String(listing.temperature.minC ?? '') : '',
  maxC: listing.temperature.class === 'range' ? String(listing.temperature.maxC ?? '') : '',
  weightToleranceGrams: listing.weightToleranceGrams === null ? '' : String(listing.weightToleranceGrams),
});

const newDraft = (direction: Direction): Draft => ({
  direction,
  categoryId: '',
  title: '',
  description: '',
  images: '',
  originVillageCode: '',
  shelfLifeDays: '',
  temperatureClass: 'ambient',
  minC: '',
  maxC: '',
  weightToleranceGrams: direction === 'up' ? '200' : '',
});

/** New listing (with its first SKU) at /seller/listings/new; edit one at /seller/listings/:id/edit. */
export function ListingFormPage() {
  const { id } = useParams();
  const t = useMessages(sellerMessages);
  const categories = useApi(['seller', 'ListingFormPage.categories'], (signal) => sellerApi.categories(signal));
  const listing = useApi(['seller', 'ListingFormPage.listing', id], (signal) =>
    id ? sellerApi.listing(id, signal) : Promise.resolve(null),
  );
  const title = id
    ? listing.data
      ? t.editListingTitle(listing.data.title)
      : t.editListingTitle('')
    : t.newListingTitle;
  return (
    <Page title={title}>
      <p>
        <Link to={id ? `/seller/listings/${id}` : '/seller/listings'}>← {t.back}</Link>
      </p>
      <AsyncView
        data={
          categories.data && listing.data !== undefined ? { tree: categories.data, listing: listing.data } : undefined
        }
        error={categories.error ?? listing.error}
        loading={categories.loading || listing.loading}
        onRetry={() => {
          categories.reload();
          listing.reload();
        }}
      >
        {({ tree, listing: existing }) => <ListingForm tree={tree} listing={existing} />}
      </AsyncView>
    </Page>
  );
}

/** The listing form: the listing's fields, and its first SKU when it is new. */
type ListingDraft = Draft & WithSku;

const LISTING_FIELDS = fieldsByApiName<ListingDraft>({
  categoryId: 'categoryId',
  title: 'title',
  description: 'description',
  images: 'images',
  originVillageCode: 'originVillageCode',
  shelfLifeDays: 'shelfLifeDays',
  temperature: 'temperatureClass',
  weightToleranceGrams: 'weightToleranceGrams',
});

/** `skus.0.priceFen` → the first SKU's price input; the listing's own fields by their names. */
const listingFieldOf = (apiField: string) =>
  apiField.startsWith('skus.0.') ? skuFieldOf(apiField.slice('skus.0.'.length)) : LISTING_FIELDS(apiField);

function ListingForm({ tree, listing }: { tree: Category[]; listing: Listing | null }) {
  const t = useMessages(sellerMessages);
  const navigate = useNavigate();
  const { org } = useSellerOrg();
  const form = useForm<ListingDraft>({
    defaultValues: {
      ...(listing ? draftOf(listing) : newDraft(org.orgKind === 'merchant' ? 'down' : 'up')),
      sku: emptySku,
    },
  });
  const { register, handleSubmit, watch, setValue, getValues, setError, formState } = form;
  const save = useMutation({
    mutationFn: (body: { fields: ListingFields; sku?: SkuFields & { initialStock: number } }) =>
      listing
        ? sellerApi.updateListing(listing.id, body.fields)
        : sellerApi.createListing({ ...body.fields, sellerOrgId: org.orgId, skus: body.sku ? [body.sku] : [] }),
    onSuccess: (saved) => void navigate(`/seller/listings/${saved.id}`, { state: { saved: true } }),
    onError: (failure) => setServerErrors(setError, failure, listingFieldOf),
  });
  const [direction, temperatureClass] = watch(['direction', 'temperatureClass']);
  const options = flattenCategories(tree).filter(({ category }) => category.direction === direction);
  useEffect(() => {
    // a category of the other direction no longer fits
    const categoryId = getValues('categoryId');
    if (categoryId && !options.some(({ category }) => category.id === categoryId)) {
      setValue('categoryId', '');
    }
  }, [direction]);
  const errors = formState.errors;

  /** The listing's fields, or null after putting the local checks' messages beside their inputs. */
  const fieldsOf = (draft: Draft): ListingFields | null => {
    let valid = true;
    const invalid = (name: 'shelfLifeDays' | 'weightToleranceGrams' | 'minC' | 'maxC') => {
      setError(name, { type: 'local', message: t.invalidNumber });
      valid = false;
    };
    const shelfLifeDays = draft.shelfLifeDays.trim() === '' ? null : wholeNumber(draft.shelfLifeDays);
    const tolerance = draft.weightToleranceGrams.trim() === '' ? null : wholeNumber(draft.weightToleranceGrams);
    if (draft.shelfLifeDays.trim() !== '' && shelfLifeDays === null) {
      invalid('shelfLifeDays');
    }
    if (draft.weightToleranceGrams.trim() !== '' && tolerance === null) {
      invalid('weightToleranceGrams');
    }
    const range = draft.temperatureClass === 'range';
    const minC = range ? Number(draft.minC) : null;
    const maxC = range ? Number(draft.maxC) : null;
    if (range && (draft.minC.trim() === '' || !Number.isFinite(minC))) {
      invalid('minC');
    }
    if (range && (draft.maxC.trim() === '' || !Number.isFinite(maxC))) {
      invalid('maxC');
    }
    if (!valid) {
      return null;
    }
    return {
      categoryId: draft.categoryId,
      title: draft.title.trim(),
      description: draft.description.trim(),
      images: draft.images
        .split(/\s+/)
        .map((line) => line.trim())
        .filter(Boolean),
      originVillageCode: draft.originVillageCode.trim() || null,
      shelfLifeDays,
      temperature: range ? { class: 'range', minC, maxC } : { class: draft.temperatureClass },
      weightToleranceGrams: tolerance,
    };
  };

  const onSubmit = handleSubmit((draft) => {
    const fields = fieldsOf(draft);
    if (listing) {
      if (fields) {
        save.mutate({ fields });
      }
      return;
    }
    const parsed = parseSku(draft.sku, t);
    if (!skuChecked(setError, parsed.errors) || !parsed.fields || !fields) {
      return;
    }
    save.mutate({ fields, sku: parsed.fields });
  });

  return (
    <FormProvider {...form}>
      <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="listing-form">
        <fieldset>
          <legend>{t.kind}</legend>
          {(['up', 'down'] as Direction[]).map((kind) => (
            <label className="choice" key={kind}>
              <input type="radio" value={kind} {...register('direction')} />
              <span>{kind === 'up' ? t.kindProduce : t.kindGoods}</span>
            </label>
          ))}
        </fieldset>
        <div className="form-columns">
          <SelectField
            id="listing-category"
            label={t.category}
            required
            error={errors.categoryId?.message}
            {...register('categoryId')}
          >
            <option value="">{t.chooseCategory}</option>
            {options.map(({ category, depth }) => (
              <option key={category.id} value={category.id}>
                {`${'\u3000'.repeat(depth)}${category.name}`}
              </option>
            ))}
          </SelectField>
          <TextField
            id="listing-title"
            label={t.title}
            hint={t.titleHint}
            required
            maxLength={60}
            error={errors.title?.message}
            {...register('title')}
          />
          <div className="span-all">
            <TextAreaField
              id="listing-description"
              label={t.description}
              maxLength={5000}
              rows={4}
              error={errors.description?.message}
              {...register('description')}
            />
          </div>
          <div className="span-all">
            <TextAreaField
              id="listing-images"
              label={t.images}
              hint={t.imagesHint}
              rows={2}
              error={errors.images?.message}
              {...register('images')}
            />
          </div>
          <TextField
            id="listing-origin"
            label={t.origin}
            hint={t.originHint}
            inputMode="numeric"
            maxLength={12}
            error={errors.originVillageCode?.message}
            {...register('originVillageCode')}
          />
          <TextField
            id="listing-shelf-life"
            label={t.shelfLife}
            inputMode="numeric"
            error={errors.shelfLifeDays?.message}
            {...register('shelfLifeDays')}
          />
          <SelectField
            id="listing-temperature"
            label={t.temperature}
            error={errors.temperatureClass?.message}
            {...register('temperatureClass')}
          >
            {TEMPERATURE_CLASSES.map((value) => (
              <option key={value} value={value}>
                {t.temperatureClass(value)}
              </option>
            ))}
          </SelectField>
          {temperatureClass === 'range' && (
            <div className="row">
              <TextField
                id="listing-min-c"
                label={t.minC}
                inputMode="decimal"
                error={errors.minC?.message}
                {...register('minC')}
              />
              <TextField
                id="listing-max-c"
                label={t.maxC}
                inputMode="decimal"
                error={errors.maxC?.message}
                {...register('maxC')}
              />
            </div>
          )}
          {direction === 'up' && (
            <TextField
              id="listing-tolerance"
              label={t.tolerance}
              hint={t.toleranceHint}
              inputMode="numeric"
              error={errors.weightToleranceGrams?.message}
              {...register('weightToleranceGrams')}
            />
          )}
        </div>
        {!listing && (
          <fieldset>
            <legend>{t.firstSku}</legend>
            <SkuInputs withStock prefix="first-sku" />
          </fieldset>
        )}
        <ProblemMessage error={save.error} />
        <div className="form-actions">
          <SubmitButton busy={save.isPending || save.isSuccess} busyLabel={t.saving}>
            {listing ? t.saveChanges : t.saveDraft}
          </SubmitButton>
        </div>
      </form>
    </FormProvider>
  );
}

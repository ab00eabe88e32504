import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { fieldErrorOf } from '../../../api';
import { useMessages } from '../../../i18n';
import {
  AsyncView,
  Page,
  ProblemMessage,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
  useApi,
} from '../../../ui';
import {
  CERTIFICATIONS,
  flattenCategories,
  sellerApi,
  TEMPERATURE_CLASSES,
  type Category,
  type Certification,
  type Direction,
  type Listing,
  type ListingFields,
  type TemperatureClass,
} from '../api';
import { sellerMessages } from '../messages';
import { wholeNumber } from '../money';
import { useSellerOrg } from '../org';
import { emptySku, parseSku, SkuInputs, type SkuDraft } from '../SkuForm';

interface Draft {
  direction: Direction;
  categoryId: string;
  title: string;
  description: string;
  images: string;
  originVillageCode: string;
  certifications: Certification[];
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
  certifications: listing.certifications,
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
  certifications: [],
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

function ListingForm({ tree, listing }: { tree: Category[]; listing: Listing | null }) {
  const t = useMessages(sellerMessages);
  const navigate = useNavigate();
  const { org } = useSellerOrg();
  const [draft, setDraft] = useState<Draft>(() =>
    listing ? draftOf(listing) : newDraft(org.orgKind === 'merchant' ? 'down' : 'up'),
  );
  const [sku, setSku] = useState<SkuDraft>(emptySku);
  const [skuErrors, setSkuErrors] = useState<Partial<Record<keyof SkuDraft, string>>>({});
  const [localErrors, setLocalErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const options = flattenCategories(tree).filter(({ category }) => category.direction === draft.direction);
  useEffect(() => {
    // a category of the other direction no longer fits
    if (draft.categoryId && !options.some(({ category }) => category.id === draft.categoryId)) {
      setDraft((current) => ({ ...current, categoryId: '' }));
    }
  }, [draft.direction]);

  const set =
    <K extends keyof Draft>(key: K) =>
    (event: { target: { value: string } }) =>
      setDraft((current) => ({ ...current, [key]: event.target.value as Draft[K] }));
  const apiError = (field: string): string | undefined => fieldErrorOf(failure, field);

  const fieldsOf = (): ListingFields | null => {
    const errors: Partial<Record<keyof Draft, string>> = {};
    const shelfLifeDays = draft.shelfLifeDays.trim() === '' ? null : wholeNumber(draft.shelfLifeDays);
    const tolerance = draft.weightToleranceGrams.trim() === '' ? null : wholeNumber(draft.weightToleranceGrams);
    if (draft.shelfLifeDays.trim() !== '' && shelfLifeDays === null) {
      errors.shelfLifeDays = t.invalidNumber;
    }
    if (draft.weightToleranceGrams.trim() !== '' && tolerance === null) {
      errors.weightToleranceGrams = t.invalidNumber;
    }
    const range = draft.temperatureClass === 'range';
    const minC = range ? Number(draft.minC) : null;
    const maxC = range ? Number(draft.maxC) : null;
    if (range && (draft.minC.trim() === '' || !Number.isFinite(minC))) {
      errors.minC = t.invalidNumber;
    }
    if (range && (draft.maxC.trim() === '' || !Number.isFinite(maxC))) {
      errors.maxC = t.invalidNumber;
    }
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) {
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
      certifications: draft.certifications,
      shelfLifeDays,
      temperature: range ? { class: 'range', minC, maxC } : { class: draft.temperatureClass },
      weightToleranceGrams: tolerance,
    };
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const fields = fieldsOf();
    let skuFields: ReturnType<typeof parseSku>['fields'];
    if (!listing) {
      const parsed = parseSku(sku, t);
      setSkuErrors(parsed.errors);
      skuFields = parsed.fields;
      if (!skuFields) {
        return;
      }
    }
    if (!fields) {
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const saved = listing
        ? await sellerApi.updateListing(listing.id, fields)
        : await sellerApi.createListing({ ...fields, sellerOrgId: org.orgId, skus: skuFields ? [skuFields] : [] });
      void navigate(`/seller/listings/${saved.id}`, { state: { saved: true } });
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="listing-form">
      <fieldset>
        <legend>{t.kind}</legend>
        {(['up', 'down'] as Direction[]).map((direction) => (
          <label className="choice" key={direction}>
            <input
              type="radio"
              name="direction"
              value={direction}
              checked={draft.direction === direction}
              onChange={() => setDraft((current) => ({ ...current, direction }))}
            />
            <span>{direction === 'up' ? t.kindProduce : t.kindGoods}</span>
          </label>
        ))}
      </fieldset>
      <div className="form-columns">
        <SelectField
          id="listing-category"
          name="categoryId"
          label={t.category}
          required
          value={draft.categoryId}
          onChange={set('categoryId')}
          error={apiError('categoryId')}
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
          name="title"
          label={t.title}
          hint={t.titleHint}
          required
          maxLength={60}
          value={draft.title}
          onChange={set('title')}
          error={apiError('title')}
        />
        <div className="span-all">
          <TextAreaField
            id="listing-description"
            name="description"
            label={t.description}
            maxLength={5000}
            rows={4}
            value={draft.description}
            onChange={set('description')}
            error={apiError('description')}
          />
        </div>
        <div className="span-all">
          <TextAreaField
            id="listing-images"
            name="images"
            label={t.images}
            hint={t.imagesHint}
            rows={2}
            value={draft.images}
            onChange={set('images')}
            error={apiError('images')}
          />
        </div>
        <TextField
          id="listing-origin"
          name="originVillageCode"
          label={t.origin}
          hint={t.originHint}
          inputMode="numeric"
          maxLength={12}
          value={draft.originVillageCode}
          onChange={set('originVillageCode')}
          error={apiError('originVillageCode')}
        />
        <TextField
          id="listing-shelf-life"
          name="shelfLifeDays"
          label={t.shelfLife}
          inputMode="numeric"
          value={draft.shelfLifeDays}
          onChange={set('shelfLifeDays')}
          error={localErrors.shelfLifeDays ?? apiError('shelfLifeDays')}
        />
        <SelectField
          id="listing-temperature"
          name="temperatureClass"
          label={t.temperature}
          value={draft.temperatureClass}
          onChange={set('temperatureClass')}
          error={apiError('temperature')}
        >
          {TEMPERATURE_CLASSES.map((value) => (
            <option key={value} value={value}>
              {t.temperatureClass(value)}
            </option>
          ))}
        </SelectField>
        {draft.temperatureClass === 'range' && (
          <div className="row">
            <TextField
              id="listing-min-c"
              name="minC"
              label={t.minC}
              inputMode="decimal"
              value={draft.minC}
              onChange={set('minC')}
              error={localErrors.minC}
            />
            <TextField
              id="listing-max-c"
              name="maxC"
              label={t.maxC}
              inputMode="decimal"
              value={draft.maxC}
              onChange={set('maxC')}
              error={localErrors.maxC}
            />
          </div>
        )}
        {draft.direction === 'up' && (
          <TextField
            id="listing-tolerance"
            name="weightToleranceGrams"
            label={t.tolerance}
            hint={t.toleranceHint}
            inputMode="numeric"
            value={draft.weightToleranceGrams}
            onChange={set('weightToleranceGrams')}
            error={localErrors.weightToleranceGrams ?? apiError('weightToleranceGrams')}
          />
        )}
      </div>
      <fieldset>
        <legend>{t.certifications}</legend>
        {CERTIFICATIONS.map((certification) => (
          <label className="choice" key={certification}>
            <input
              type="checkbox"
              name="certifications"
              value={certification}
              checked={draft.certifications.includes(certification)}
              onChange={(event) =>
                setDraft((current) => ({
                  ...current,
                  certifications: event.target.checked
                    ? [...current.certifications, certification]
                    : current.certifications.filter((item) => item !== certification),
                }))
              }
            />
            <span>{t.certification(certification)}</span>
          </label>
        ))}
      </fieldset>
      {!listing && (
        <fieldset>
          <legend>{t.firstSku}</legend>
          <SkuInputs
            draft={sku}
            onChange={setSku}
            errors={skuErrors}
            apiError={(field) => apiError(`skus.0.${field}`)}
            withStock
            prefix="first-sku"
          />
        </fieldset>
      )}
      <ProblemMessage error={failure} />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t.saving}>
          {listing ? t.saveChanges : t.saveDraft}
        </SubmitButton>
      </div>
    </form>
  );
}

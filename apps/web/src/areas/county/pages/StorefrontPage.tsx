import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { orNull } from '../../../api';
import { useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  fieldsByApiName,
  Page,
  ProblemMessage,
  setServerErrors,
  SubmitButton,
  TextAreaField,
  TextField,
  useApi,
} from '../../../ui';
import { countyApi, type Category, type StorefrontFields, type StorefrontView } from '../api';
import { ConfirmAction, Notice, StatusTag, toggled, useCountyFormat } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';

/** 404 storefront-not-found means "none yet" (the page offers to create it); anything else is an error. */
const storefrontOrNull = (county: string, signal: AbortSignal): Promise<StorefrontView | null> =>
  orNull(countyApi.catalog.storefront(county, signal));

const MAX_CATEGORIES = 12;
const MAX_LISTINGS = 24;

/** The storefront as typed: the image addresses as text, empty for none. */
type StorefrontDraft = Omit<StorefrontFields, 'bannerUrl' | 'logoUrl'> & { bannerUrl: string; logoUrl: string };

/** The form's fields are named as the API's. */
const storefrontFieldOf = fieldsByApiName<StorefrontDraft>([
  'name',
  'introduction',
  'bannerUrl',
  'logoUrl',
  'featuredCategoryIds',
  'featuredListingIds',
]);

function StorefrontForm({
  county,
  initial,
  creating,
  onSaved,
}: {
  county: string;
  initial: StorefrontFields;
  creating: boolean;
  onSaved: () => void;
}) {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const { register, handleSubmit, watch, setValue, getValues, setError, formState } = useForm<StorefrontDraft>({
    defaultValues: { ...initial, bannerUrl: initial.bannerUrl ?? '', logoUrl: initial.logoUrl ?? '' },
  });
  const save = useMutation({
    mutationFn: (draft: StorefrontDraft) => {
      const body: StorefrontFields = {
        ...draft,
        name: draft.name.trim(),
        bannerUrl: draft.bannerUrl.trim() || null,
        logoUrl: draft.logoUrl.trim() || null,
      };
      return creating
        ? countyApi.catalog.createStorefront(county, body)
        : countyApi.catalog.updateStorefront(county, body);
    },
    onSuccess: onSaved,
    onError: (failure) => setServerErrors(setError, failure, storefrontFieldOf),
  });
  const categories = useApi(['county', 'StorefrontPage.categories'], (signal) => countyApi.catalog.categories(signal));
  const listings = useApi(['county', 'StorefrontPage.countyListings', county], (signal) =>
    countyApi.catalog.countyListings(county, signal),
  );
  const [featuredCategoryIds, featuredListingIds] = watch(['featuredCategoryIds', 'featuredListingIds']);
  const errors = formState.errors;
  const tick = (name: 'featuredCategoryIds' | 'featuredListingIds', id: string, on: boolean) =>
    setValue(name, toggled(getValues(name), id, on));

  const categoryBox = (category: Category) => {
    const checked = featuredCategoryIds.includes(category.id);
    return (
      <label key={category.id} className="choice">
        <input
          type="checkbox"
          checked={checked}
          disabled={!checked && featuredCategoryIds.length >= MAX_CATEGORIES}
          onChange={(event) => tick('featuredCategoryIds', category.id, event.target.checked)}
        />
        <span>{category.name}</span>
      </label>
    );
  };

  return (
    <form
      className="form card"
      onSubmit={(event) => void handleSubmit((draft) => save.mutate(draft))(event)}
      noValidate
    >
      <h2>{creating ? t.storefrontCreate : t.storefrontEdit}</h2>
      <TextField
        label={t.storefrontName}
        required
        minLength={2}
        maxLength={50}
        error={errors.name?.message}
        {...register('name')}
      />
      <TextAreaField
        label={t.storefrontIntro}
        maxLength={2000}
        error={errors.introduction?.message}
        {...register('introduction')}
      />
      <div className="grid grid-2">
        <TextField
          label={t.bannerUrl}
          type="url"
          placeholder="https://"
          error={errors.bannerUrl?.message}
          {...register('bannerUrl')}
        />
        <TextField
          label={t.logoUrl}
          type="url"
          placeholder="https://"
          error={errors.logoUrl?.message}
          {...register('logoUrl')}
        />
      </div>
      <fieldset>
        <legend>{t.featuredCategories(featuredCategoryIds.length, MAX_CATEGORIES)}</legend>
        <AsyncView
          data={categories.data}
          error={categories.error}
          loading={categories.loading}
          onRetry={categories.reload}
        >
          {(roots) => (
            <div className="category-groups">
              {roots.map((root) => (
                <div key={root.id} className="category-group">
                  <p className="category-root">
                    {root.name} <span className="tag">{t.directionName(root.direction)}</span>
                  </p>
                  {categoryBox(root)}
                  {(root.children ?? []).map(categoryBox)}
                </div>
              ))}
            </div>
          )}
        </AsyncView>
        {errors.featuredCategoryIds?.message && <p className="field-error">{errors.featuredCategoryIds.message}</p>}
      </fieldset>
      <fieldset>
        <legend>{t.featuredListings(featuredListingIds.length, MAX_LISTINGS)}</legend>
        <AsyncView
          data={listings.data}
          error={listings.error}
          loading={listings.loading}
          onRetry={listings.reload}
          isEmpty={(page) => page.items.length === 0}
          empty={<EmptyState>{t.noPublicListings}</EmptyState>}
        >
          {(page) => (
            <div className="listing-choices">
              {page.items.map((listing) => {
                const checked = featuredListingIds.includes(listing.id);
                return (
                  <label key={listing.id} className="choice">
                    <input
                      type="checkbox"
                      checked={checked}
                      disabled={!checked && featuredListingIds.length >= MAX_LISTINGS}
                      onChange={(event) => tick('featuredListingIds', listing.id, event.target.checked)}
                    />
                    <span>
                      {listing.title}
                      <span className="muted small">
                        {' '}
                        · {listing.sellerName} · {f.fen(listing.minPriceFen)} · {t.directionName(listing.direction)}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          )}
        </AsyncView>
        {errors.featuredListingIds?.message && <p className="field-error">{errors.featuredListingIds.message}</p>}
      </fieldset>
      <ProblemMessage error={save.error} />
      <SubmitButton busy={save.isPending} busyLabel={t.saving}>
        {creating ? t.storefrontCreateSubmit : t.save}
      </SubmitButton>
    </form>
  );
}

export function StorefrontPage() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const { code } = useCounty();
  const view = useApi(['county', 'StorefrontPage.storefrontOrNull', code], (signal) => storefrontOrNull(code, signal));
  const [notice, setNotice] = useState('');
  const [generation, setGeneration] = useState(0);
  const saved = (message: string) => {
    setNotice(message);
    setGeneration((n) => n + 1);
    view.reload();
  };
  return (
    <Page title={t.storefrontTitle}>
      <p className="muted">{t.storefrontIntroText}</p>
      <Notice>{notice}</Notice>
      <AsyncView
        data={view.data}
        error={view.error}
        loading={view.loading && view.data === undefined}
        onRetry={view.reload}
      >
        {(storefront) =>
          storefront === null ? (
            <>
              <EmptyState title={t.noStorefront}>{t.noStorefrontBody}</EmptyState>
              <StorefrontForm
                key={`new-${generation}`}
                county={code}
                creating
                initial={{
                  name: '',
                  introduction: '',
                  bannerUrl: null,
                  logoUrl: null,
                  featuredCategoryIds: [],
                  featuredListingIds: [],
                }}
                onSaved={() => saved(t.storefrontCreated)}
              />
            </>
          ) : (
            <>
              <section className="card" aria-labelledby="storefront-state">
                <div className="spread">
                  <h2 id="storefront-state">{storefront.name}</h2>
                  <StatusTag status={storefront.status} />
                </div>
                <p className="muted small">{t.updatedAt(f.dateTime(storefront.updatedAt))}</p>
                <p className="muted">{t.storefrontStatusHelp(storefront.status)}</p>
                <div className="row">
                  {storefront.status !== 'open' ? (
                    <ConfirmAction
                      label={t.storefrontOpen}
                      question={t.storefrontOpenQuestion}
                      confirmLabel={t.storefrontOpen}
                      onConfirm={async () => {
                        await countyApi.catalog.openStorefront(code);
                        saved(t.storefrontOpened);
                      }}
                    />
                  ) : (
                    <ConfirmAction
                      label={t.storefrontClose}
                      danger
                      question={t.storefrontCloseQuestion}
                      confirmLabel={t.storefrontClose}
                      onConfirm={async () => {
                        await countyApi.catalog.closeStorefront(code);
                        saved(t.storefrontClosed);
                      }}
                    />
                  )}
                </div>
              </section>
              <StorefrontForm
                key={`${storefront.updatedAt}-${generation}`}
                county={code}
                creating={false}
                initial={{
                  name: storefront.name,
                  introduction: storefront.introduction,
                  bannerUrl: storefront.bannerUrl,
                  logoUrl: storefront.logoUrl,
                  featuredCategoryIds: storefront.featuredCategoryIds,
                  featuredListingIds: storefront.featuredListingIds,
                }}
                onSaved={() => saved(t.storefrontSaved)}
              />
              <section className="card" aria-labelledby="storefront-sellers">
                <h2 id="storefront-sellers">{t.storefrontSellers(storefront.sellers.length)}</h2>
                <p className="muted small">{t.storefrontSellersHelp}</p>
                {storefront.sellers.length === 0 ? (
                  <EmptyState>{t.noVerifiedSellers}</EmptyState>
                ) : (
                  <ul className="plain-list seller-list">
                    {storefront.sellers.map((seller) => (
                      <li key={seller.orgId}>
                        <strong>{seller.name}</strong>{' '}
                        <span className="muted small">
                          {t.kind(seller.kind)} ·{' '}
                          {seller.rating.average === null
                            ? t.noRating
                            : t.rating(seller.rating.average, seller.rating.count)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </>
          )
        }
      </AsyncView>
    </Page>
  );
}

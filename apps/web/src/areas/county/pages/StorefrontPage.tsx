import { useState, type FormEvent } from 'react';
import { fieldErrorOf, orNull } from '../../../api';
import { useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  Page,
  ProblemMessage,
  SubmitButton,
  TextAreaField,
  TextField,
  useApi,
} from '../../../ui';
import { countyApi, type Category, type StorefrontFields, type StorefrontView } from '../api';
import { ConfirmAction, Notice, StatusTag, useCountyFormat } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';

/** 404 storefront-not-found means "none yet" (the page offers to create it); anything else is an error. */
const storefrontOrNull = (county: string, signal: AbortSignal): Promise<StorefrontView | null> =>
  orNull(countyApi.catalog.storefront(county, signal));

const MAX_CATEGORIES = 12;
const MAX_LISTINGS = 24;

function toggle(list: string[], id: string, on: boolean): string[] {
  return on ? [...list.filter((item) => item !== id), id] : list.filter((item) => item !== id);
}

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
  const [fields, setFields] = useState<StorefrontFields>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const categories = useApi(['county', 'StorefrontPage.categories'], (signal) => countyApi.catalog.categories(signal));
  const listings = useApi(['county', 'StorefrontPage.countyListings', county], (signal) =>
    countyApi.catalog.countyListings(county, signal),
  );
  const set = <K extends keyof StorefrontFields>(key: K, value: StorefrontFields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));
  const fieldError = (name: string) => fieldErrorOf(error, name);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: StorefrontFields = {
      ...fields,
      name: fields.name.trim(),
      bannerUrl: fields.bannerUrl?.trim() || null,
      logoUrl: fields.logoUrl?.trim() || null,
    };
    try {
      if (creating) {
        await countyApi.catalog.createStorefront(county, body);
      } else {
        await countyApi.catalog.updateStorefront(county, body);
      }
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const categoryBox = (category: Category) => {
    const checked = fields.featuredCategoryIds.includes(category.id);
    return (
      <label key={category.id} className="choice">
        <input
          type="checkbox"
          checked={checked}
          disabled={!checked && fields.featuredCategoryIds.length >= MAX_CATEGORIES}
          onChange={(event) =>
            set('featuredCategoryIds', toggle(fields.featuredCategoryIds, category.id, event.target.checked))
          }
        />
        <span>{category.name}</span>
      </label>
    );
  };

  return (
    <form className="form card" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2>{creating ? t.storefrontCreate : t.storefrontEdit}</h2>
      <TextField
        label={t.storefrontName}
        name="name"
        required
        minLength={2}
        maxLength={50}
        value={fields.name}
        error={fieldError('name')}
        onChange={(event) => set('name', event.target.value)}
      />
      <TextAreaField
        label={t.storefrontIntro}
        name="introduction"
        maxLength={2000}
        value={fields.introduction}
        error={fieldError('introduction')}
        onChange={(event) => set('introduction', event.target.value)}
      />
      <div className="grid grid-2">
        <TextField
          label={t.bannerUrl}
          name="bannerUrl"
          type="url"
          placeholder="https://"
          value={fields.bannerUrl ?? ''}
          error={fieldError('bannerUrl')}
          onChange={(event) => set('bannerUrl', event.target.value)}
        />
        <TextField
          label={t.logoUrl}
          name="logoUrl"
          type="url"
          placeholder="https://"
          value={fields.logoUrl ?? ''}
          error={fieldError('logoUrl')}
          onChange={(event) => set('logoUrl', event.target.value)}
        />
      </div>
      <fieldset>
        <legend>{t.featuredCategories(fields.featuredCategoryIds.length, MAX_CATEGORIES)}</legend>
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
        {fieldError('featuredCategoryIds') && <p className="field-error">{fieldError('featuredCategoryIds')}</p>}
      </fieldset>
      <fieldset>
        <legend>{t.featuredListings(fields.featuredListingIds.length, MAX_LISTINGS)}</legend>
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
                const checked = fields.featuredListingIds.includes(listing.id);
                return (
                  <label key={listing.id} className="choice">
                    <input
                      type="checkbox"
                      checked={checked}
                      disabled={!checked && fields.featuredListingIds.length >= MAX_LISTINGS}
                      onChange={(event) =>
                        set('featuredListingIds', toggle(fields.featuredListingIds, listing.id, event.target.checked))
                      }
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
        {fieldError('featuredListingIds') && <p className="field-error">{fieldError('featuredListingIds')}</p>}
      </fieldset>
      <ProblemMessage error={error} />
      <SubmitButton busy={busy} busyLabel={t.saving}>
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

import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { EmptyState, ErrorState, Loading, Page, SelectField, TextField, useApi } from '../../../ui';
import {
  buyerApi,
  CERTIFICATIONS,
  SORTS,
  TEMPERATURE_CLASSES,
  type Category,
  type Certification,
  type Direction,
  type SearchFacets,
  type SearchHit,
  type SearchQuery,
  type SearchSort,
  type TemperatureClass,
} from '../api';
import { ListingGrid } from '../components';
import { buyerMessages } from '../messages';

const PAGE_SIZE = 10;

const yuanToFen = (text: string | null): number | undefined => {
  if (!text) {
    return undefined;
  }
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : undefined;
};

/** The query the URL describes: the URL is the state, so a search can be shared, reloaded and gone back to. */
function queryOf(params: URLSearchParams): SearchQuery {
  const certifications = params.getAll('certification') as Certification[];
  return {
    q: params.get('q') ?? undefined,
    countyCode: params.get('countyCode') ?? undefined,
    categoryId: params.get('categoryId') ?? undefined,
    direction: (params.get('direction') as Direction | null) ?? undefined,
    minPriceFen: yuanToFen(params.get('min')),
    maxPriceFen: yuanToFen(params.get('max')),
    temperatureClass: (params.get('temperature') as TemperatureClass | null) ?? undefined,
    certification: certifications.length > 0 ? certifications : undefined,
    sellerOrgId: params.get('sellerOrgId') ?? undefined,
    sort: (params.get('sort') as SearchSort | null) ?? undefined,
    limit: PAGE_SIZE,
  };
}

const yuan = (fen: string) => String(Number(fen) / 100);

/** The counts of the matches, each a link that narrows the search to it (the URL is the state). */
function Facets({
  facets,
  params,
  categories,
}: {
  facets: SearchFacets;
  params: URLSearchParams;
  categories: Category[];
}) {
  const t = useMessages(buyerMessages);
  const names = new Map(flatten(categories).map(({ category }) => [category.id, category.name]));
  const narrowed = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) {
        next.set(name, value);
      } else {
        next.delete(name);
      }
    }
    return `/search?${next.toString()}`;
  };
  const byCount = (counts: Record<string, number | undefined>) =>
    Object.entries(counts).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0)) as [string, number][];
  const groups: { title: string; entries: { label: string; count: number; to: string }[] }[] = [
    {
      title: t.facetCategory,
      entries: byCount(facets.category).map(([id, count]) => ({
        label: names.get(id) ?? id,
        count,
        to: narrowed({ categoryId: id }),
      })),
    },
    {
      title: t.facetCounty,
      entries: byCount(facets.county).map(([code, count]) => ({
        label: code,
        count,
        to: narrowed({ countyCode: code }),
      })),
    },
    {
      title: t.facetCertification,
      entries: byCount(facets.certification).map(([certification, count]) => ({
        label: t.certification(certification as Certification),
        count,
        to: `${narrowed({})}&certification=${certification}`,
      })),
    },
    {
      title: t.facetTemperature,
      entries: byCount(facets.temperatureClass).map(([temperature, count]) => ({
        label: t.temperatureClass(temperature as TemperatureClass),
        count,
        to: narrowed({ temperature }),
      })),
    },
    {
      title: t.facetPrice,
      entries: byCount(facets.priceBand).map(([band, count]) => {
        const [from, to] = band.split('-');
        return {
          label: t.priceBand(yuan(from), to ? yuan(to) : null),
          count,
          to: narrowed({ min: yuan(from), max: to ? String((Number(to) - 1) / 100) : undefined }),
        };
      }),
    },
  ];
  return (
    <details className="facets" data-testid="facets">
      <summary>{t.facetsTitle(facets.total, facets.exact)}</summary>
      {groups
        .filter((group) => group.entries.length > 0)
        .map((group) => (
          <div className="facet-group" key={group.title}>
            <h3 className="small">{group.title}</h3>
            <p className="row">
              {group.entries.map((entry) => (
                <Link className="tag" key={entry.to} to={entry.to}>
                  {entry.label} {entry.count}
                </Link>
              ))}
            </p>
          </div>
        ))}
    </details>
  );
}

const flatten = (categories: Category[], depth = 0): { category: Category; depth: number }[] =>
  categories.flatMap((category) => [{ category, depth }, ...flatten(category.children ?? [], depth + 1)]);

export function SearchPage() {
  const t = useMessages(buyerMessages);
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const categories = useApi(['buyer', 'SearchPage.categories'], (signal) => buyerApi.catalog.categories(signal));

  // the form edits a draft of the parameters; submitting puts them in the URL
  const [draft, setDraft] = useState(() => new URLSearchParams(params));
  useEffect(() => setDraft(new URLSearchParams(params)), [key]);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(draft);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setDraft(next);
  };
  const toggleCertification = (certification: Certification, on: boolean) => {
    const next = new URLSearchParams(draft);
    const chosen = next.getAll('certification').filter((item) => item !== certification);
    next.delete('certification');
    [...chosen, ...(on ? [certification] : [])].forEach((item) => next.append('certification', item));
    setDraft(next);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft);
  };

  // results: the first page on every change of the URL, then "load more" with the keyset cursor
  const [items, setItems] = useState<SearchHit[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const first = useApi(['buyer', 'SearchPage.search', key], (signal) =>
    buyerApi.catalog.search(queryOf(params), signal),
  );
  useEffect(() => {
    if (first.data) {
      setItems(first.data.items);
      setCursor(first.data.nextCursor);
    }
  }, [first.data]);
  const loadMore = async () => {
    if (!cursor) {
      return;
    }
    setMore({ busy: true });
    try {
      const page = await buyerApi.catalog.search({ ...queryOf(params), cursor });
      setItems((current) => [...current, ...page.items]);
      setCursor(page.nextCursor);
      setMore({ busy: false });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  return (
    <Page title={t.searchTitle}>
      <form className="form search-form" role="search" onSubmit={onSubmit}>
        <TextField
          label={t.searchWords}
          name="q"
          type="search"
          placeholder={t.searchPlaceholder}
          value={draft.get('q') ?? ''}
          onChange={(event) => set('q', event.target.value)}
        />
        <details className="filters" open={params.has('direction') || params.has('categoryId') || undefined}>
          <summary>{t.filters}</summary>
          <div className="filters-body">
            <SelectField
              label={t.direction}
              name="direction"
              value={draft.get('direction') ?? ''}
              onChange={(event) => set('direction', event.target.value)}
            >
              <option value="">{t.directionAny}</option>
              <option value="up">{t.directionUp}</option>
              <option value="down">{t.directionDown}</option>
            </SelectField>
            <SelectField
              label={t.category}
              name="categoryId"
              value={draft.get('categoryId') ?? ''}
              onChange={(event) => set('categoryId', event.target.value)}
            >
              <option value="">{t.categoryAny}</option>
              {flatten(categories.data ?? []).map(({ category, depth }) => (
                <option key={category.id} value={category.id}>
                  {'\u3000'.repeat(depth)}
                  {category.name}
                </option>
              ))}
            </SelectField>
            <div className="pair">
              <TextField
                label={t.minPrice}
                name="min"
                type="number"
                inputMode="decimal"
                min={0}
                step="0.01"
                value={draft.get('min') ?? ''}
                onChange={(event) => set('min', event.target.value)}
              />
              <TextField
                label={t.maxPrice}
                name="max"
                type="number"
                inputMode="decimal"
                min={0}
                step="0.01"
                value={draft.get('max') ?? ''}
                onChange={(event) => set('max', event.target.value)}
              />
            </div>
            <SelectField
              label={t.temperature}
              name="temperature"
              value={draft.get('temperature') ?? ''}
              onChange={(event) => set('temperature', event.target.value)}
            >
              <option value="">{t.temperatureAny}</option>
              {TEMPERATURE_CLASSES.map((temperature) => (
                <option key={temperature} value={temperature}>
                  {t.temperatureClass(temperature)}
                </option>
              ))}
            </SelectField>
            <fieldset>
              <legend>{t.certifications}</legend>
              {CERTIFICATIONS.map((certification) => (
                <label className="choice" key={certification}>
                  <input
                    type="checkbox"
                    name="certification"
                    value={certification}
                    checked={draft.getAll('certification').includes(certification)}
                    onChange={(event) => toggleCertification(certification, event.target.checked)}
                  />
                  {t.certification(certification)}
                </label>
              ))}
            </fieldset>
          </div>
        </details>
        <div className="row search-actions">
          <SelectField
            label={t.sort}
            name="sort"
            value={draft.get('sort') ?? ''}
            onChange={(event) => {
              set('sort', event.target.value);
              const next = new URLSearchParams(draft);
              if (event.target.value) {
                next.set('sort', event.target.value);
              } else {
                next.delete('sort');
              }
              setParams(next);
            }}
          >
            <option value="">{t.sortDefault}</option>
            {SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {t.sortName(sort)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            {t.searchSubmit}
          </button>
        </div>
      </form>

      <section aria-live="polite" className="results">
        {first.data && first.data.suggestions.length > 0 && (
          <p className="did-you-mean" data-testid="did-you-mean">
            {t.didYouMean}{' '}
            {first.data.suggestions.map((suggestion) => {
              const next = new URLSearchParams(params);
              next.set('q', suggestion);
              return (
                <Link key={suggestion} to={`/search?${next.toString()}`}>
                  {suggestion}
                </Link>
              );
            })}
          </p>
        )}
        {first.data?.facets && first.data.facets.total > 0 && (
          <Facets facets={first.data.facets} params={params} categories={categories.data ?? []} />
        )}
        {first.error !== undefined ? (
          <ErrorState error={first.error} onRetry={first.reload} />
        ) : first.loading && items.length === 0 ? (
          <Loading />
        ) : items.length === 0 ? (
          <EmptyState>{t.noResults}</EmptyState>
        ) : (
          <>
            <p className="muted small">{t.resultsShown(items.length)}</p>
            <ListingGrid listings={items} />
            {more.error !== undefined && <ErrorState error={more.error} onRetry={() => void loadMore()} />}
            {cursor ? (
              <button
                type="button"
                className="button button-secondary button-block"
                disabled={more.busy}
                aria-busy={more.busy || undefined}
                onClick={() => void loadMore()}
              >
                {t.loadMoreLabel}
              </button>
            ) : (
              <p className="muted small center">{t.endOfResults}</p>
            )}
          </>
        )}
      </section>
    </Page>
  );
}

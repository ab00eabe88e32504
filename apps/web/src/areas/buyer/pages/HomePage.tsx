import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { buyerApi } from '../api';
import { ListingGrid } from '../components';
import { buyerMessages } from '../messages';

/** The search box used on the home page and the search page's top. */
export function SearchBox({ initial = '' }: { initial?: string }) {
  const t = useMessages(buyerMessages);
  const navigate = useNavigate();
  const [q, setQ] = useState(initial);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
  };
  return (
    <form className="search-box" role="search" onSubmit={onSubmit}>
      <label className="visually-hidden" htmlFor="search-q">
        {t.searchWords}
      </label>
      <input
        id="search-q"
        name="q"
        type="search"
        value={q}
        placeholder={t.searchPlaceholder}
        onChange={(event) => setQ(event.target.value)}
      />
      <button type="submit" className="button">
        {t.searchSubmit}
      </button>
    </form>
  );
}

export function HomePage() {
  const t = useMessages(buyerMessages);
  const storefronts = useApi(['buyer', 'HomePage.storefronts'], (signal) => buyerApi.catalog.storefronts(signal));
  const newest = useApi(['buyer', 'HomePage.search'], (signal) =>
    buyerApi.catalog.search({ sort: 'newest', limit: 6 }, signal),
  );
  return (
    <Page title={t.homeTitle}>
      <p>{t.homeIntro}</p>
      <SearchBox />
      <h2>{t.storefronts}</h2>
      <AsyncView
        {...storefronts}
        onRetry={storefronts.reload}
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState>{t.noStorefronts}</EmptyState>}
      >
        {(list) => (
          <ul className="plain-list">
            {list.map((storefront) => (
              <li key={storefront.countyCode} className="card">
                <Link to={`/storefronts/${storefront.countyCode}`}>
                  <strong>{storefront.name}</strong>
                </Link>
                <p className="muted small clamp">{storefront.introduction}</p>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
      <h2>{t.newest}</h2>
      <AsyncView {...newest} onRetry={newest.reload} isEmpty={(page) => page.items.length === 0}>
        {(page) => <ListingGrid listings={page.items} />}
      </AsyncView>
    </Page>
  );
}

import { Link, useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { AsyncView, Loading, Page, useApi } from '../../../ui';
import { buyerApi } from '../api';
import { hideBrokenImage, ListingGrid } from '../components';
import { buyerMessages } from '../messages';

export function StorefrontPage() {
  const { countyCode = '' } = useParams();
  const t = useMessages(buyerMessages);
  const view = useApi(['buyer', 'StorefrontPage.storefront', countyCode], (signal) =>
    buyerApi.catalog.storefront(countyCode, signal),
  );
  if (!view.data && !view.error) {
    return <Loading />;
  }
  return (
    <Page title={view.data?.name ?? t.storefronts}>
      <AsyncView {...view} onRetry={view.reload}>
        {(storefront) => (
          <>
            {storefront.bannerUrl && (
              <img className="banner" src={storefront.bannerUrl} alt="" onError={hideBrokenImage} />
            )}
            <p>{storefront.introduction}</p>
            {storefront.featuredListings.length > 0 && (
              <>
                <h2>{t.featured}</h2>
                <ListingGrid listings={storefront.featuredListings} />
              </>
            )}
            <h2>{t.storefrontSellers}</h2>
            <ul className="plain-list">
              {storefront.sellers.map((seller) => (
                <li key={seller.orgId} className="card">
                  <Link to={`/sellers/${seller.orgId}`}>
                    <strong>{seller.name}</strong>
                  </Link>
                  <p className="muted small">
                    {t.sellerKind(seller.kind)} · {t.rating(seller.rating.average, seller.rating.count)}
                  </p>
                </li>
              ))}
            </ul>
            <h2>{t.newest}</h2>
            <ListingGrid listings={storefront.newestListings} />
            <p>
              <Link to={`/search?countyCode=${storefront.countyCode}`}>{t.searchTitle} →</Link>
            </p>
          </>
        )}
      </AsyncView>
    </Page>
  );
}

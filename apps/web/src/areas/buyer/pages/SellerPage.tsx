import { useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { AsyncView, Loading, Page, PlaceName, useApi } from '../../../ui';
import { buyerApi } from '../api';
import { ListingGrid } from '../components';
import { buyerMessages } from '../messages';

export function SellerPage() {
  const { orgId = '' } = useParams();
  const t = useMessages(buyerMessages);
  const seller = useApi(['buyer', 'SellerPage.seller', orgId], (signal) => buyerApi.catalog.seller(orgId, signal));
  const listings = useApi(['buyer', 'SellerPage.search', orgId], (signal) =>
    buyerApi.catalog.search({ sellerOrgId: orgId, sort: 'newest', limit: 50 }, signal),
  );
  if (!seller.data && !seller.error) {
    return <Loading />;
  }
  return (
    <Page title={seller.data?.name ?? t.sellerTitle}>
      <AsyncView {...seller} onRetry={seller.reload}>
        {(found) => (
          <dl className="facts card">
            <dt>{t.seller}</dt>
            <dd>{t.sellerKind(found.kind)}</dd>
            <dt>{t.county}</dt>
            <dd>
              <PlaceName code={found.countyCode} />
            </dd>
            {found.villageCode && (
              <>
                <dt>{t.origin}</dt>
                <dd>
                  <PlaceName code={found.villageCode} />
                </dd>
              </>
            )}
            <dt>{t.reviewRating}</dt>
            <dd>{t.rating(found.rating.average, found.rating.count)}</dd>
          </dl>
        )}
      </AsyncView>
      <h2>{t.sellerListings}</h2>
      <AsyncView {...listings} onRetry={listings.reload} isEmpty={(page) => page.items.length === 0}>
        {(page) => <ListingGrid listings={page.items} />}
      </AsyncView>
    </Page>
  );
}

import { Link } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { sellerApi } from '../api';
import { ListingStatusTag } from '../components';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

/** Every SKU of every current listing with what can be sold now; the details page has the whole figures. */
export function StockPage() {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const { org } = useSellerOrg();
  const { data, error, loading, reload } = useApi(['seller', 'StockPage.listings', org.orgId], async (signal) =>
    (await sellerApi.listings(org.orgId, undefined, signal)).filter((listing) => listing.status !== 'removed'),
  );
  return (
    <Page title={t.stockTitle}>
      <p className="muted">{t.stockIntro}</p>
      <AsyncView
        data={data}
        error={error}
        loading={loading}
        onRetry={reload}
        isEmpty={(listings) => listings.length === 0}
        empty={
          <EmptyState
            title={t.noListings}
            action={
              <Link className="button" to="/seller/listings/new">
                {t.newListing}
              </Link>
            }
          />
        }
      >
        {(listings) => (
          <div className="card table-wrap">
            <table className="table table-stack" data-testid="stock-table">
              <thead>
                <tr>
                  <th scope="col">{t.title}</th>
                  <th scope="col">{t.spec}</th>
                  <th scope="col">{t.price}</th>
                  <th scope="col" className="num">
                    {t.available}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t.stockDetail}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {listings.flatMap((listing) =>
                  listing.skus.map((sku) => (
                    <tr key={sku.id}>
                      <td data-label={t.title}>
                        <Link to={`/seller/listings/${listing.id}`}>{listing.title}</Link>{' '}
                        <ListingStatusTag status={listing.status} />
                      </td>
                      <td data-label={t.spec}>{sku.spec}</td>
                      <td data-label={t.price}>{f.fen(sku.priceFen)}</td>
                      <td data-label={t.available} className="num">
                        {sku.available}
                      </td>
                      <td>
                        <Link
                          className="button button-secondary button-small"
                          to={`/seller/skus/${sku.id}/stock`}
                          aria-label={`${t.stockDetail}: ${listing.title} · ${sku.spec}`}
                        >
                          {t.stockDetail}
                        </Link>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </AsyncView>
    </Page>
  );
}

import { Link, useSearchParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, SelectField, useApi } from '../../../ui';
import { sellerApi, type Listing, type ListingStatus } from '../api';
import { ListingStatusTag } from '../components';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

const STATUSES: ListingStatus[] = ['draft', 'published', 'paused', 'removed'];

export function ListingsPage() {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const { org } = useSellerOrg();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as ListingStatus | null) ?? undefined;
  const { data, error, loading, reload } = useApi(['seller', 'ListingsPage.listings', org.orgId, status], (signal) =>
    sellerApi.listings(org.orgId, status, signal),
  );
  const categories = useApi(['seller', 'ListingsPage.categories'], (signal) => sellerApi.categories(signal));
  const categoryName = (id: string): string => {
    const find = (nodes: typeof categories.data): string | undefined => {
      for (const node of nodes ?? []) {
        if (node.id === id) {
          return node.name;
        }
        const found = find(node.children);
        if (found) {
          return found;
        }
      }
      return undefined;
    };
    return find(categories.data) ?? id;
  };
  const price = (listing: Listing): string => {
    if (listing.skus.length === 0) {
      return t.noPrice;
    }
    const prices = listing.skus.map((sku) => sku.priceFen);
    return t.priceRange(f.fen(Math.min(...prices)), f.fen(Math.max(...prices)));
  };

  return (
    <Page
      title={t.listingsTitle}
      actions={
        <Link className="button" to="/seller/listings/new">
          {t.newListing}
        </Link>
      }
    >
      <div className="seller-toolbar">
        <SelectField
          label={t.statusFilter}
          id="listing-status-filter"
          value={status ?? ''}
          onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {})}
        >
          <option value="">{t.allStatuses}</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t.listingStatus(value)}
            </option>
          ))}
        </SelectField>
      </div>
      <AsyncView
        data={data}
        error={error}
        loading={loading}
        onRetry={reload}
        isEmpty={(items) => items.length === 0}
        empty={
          <EmptyState
            title={t.noListings}
            action={
              <Link className="button" to="/seller/listings/new">
                {t.newListing}
              </Link>
            }
          >
            <p>{t.noListingsBody}</p>
          </EmptyState>
        }
      >
        {(listings) => (
          <ul className="list card" data-testid="listings">
            {listings.map((listing) => (
              <li key={listing.id} data-testid="listing-row">
                <div className="spread">
                  <Link to={`/seller/listings/${listing.id}`}>
                    <strong>{listing.title}</strong>
                  </Link>
                  <ListingStatusTag status={listing.status} />
                </div>
                <p className="muted small row">
                  <span>{categoryName(listing.categoryId)}</span>
                  <span>·</span>
                  <span>{t.direction(listing.direction)}</span>
                  <span>·</span>
                  <span>{t.skuCount(listing.skus.length)}</span>
                  <span>·</span>
                  <span>{t.availableUnits(listing.skus.reduce((sum, sku) => sum + sku.available, 0))}</span>
                  <span>·</span>
                  <span data-testid="listing-sold">{t.soldUnits(listing.salesCount)}</span>
                </p>
                <p className="price">{price(listing)}</p>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </Page>
  );
}

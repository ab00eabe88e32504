import { Link } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, useApi } from '../../../ui';
import { isToPack, ordersSince, salesByDay, sellerApi, type Claim, type Order } from '../api';
import { HotlineForm } from '../HotlineForm';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

const DAY_MS = 86_400_000;

/** What the home page shows at a glance, loaded together. */
interface Overview {
  toPack: number;
  openClaims: number;
  rating: { ratingAverage: number; ratingCount: number };
  sales: { fen: number; orders: number };
}

async function loadOverview(orgId: string, signal: AbortSignal): Promise<Overview> {
  const [paid, inFulfilment, claims, rating, recent] = await Promise.all([
    sellerApi.orders(orgId, { status: 'paid', limit: 200 }, signal),
    sellerApi.orders(orgId, { status: 'in_fulfilment', limit: 200 }, signal),
    sellerApi.claims(orgId, 'awaiting_seller', signal),
    sellerApi.rating(orgId, signal),
    ordersSince(orgId, new Date(Date.now() - 30 * DAY_MS), signal),
  ]);
  const days = salesByDay(recent, 30);
  return {
    toPack: [...paid, ...inFulfilment].filter((order: Order) => isToPack(order)).length,
    openClaims: claims.filter((claim: Claim) => claim.status === 'awaiting_seller').length,
    rating,
    sales: days.reduce((sum, day) => ({ fen: sum.fen + day.fen, orders: sum.orders + day.orders }), {
      fen: 0,
      orders: 0,
    }),
  };
}

export function HomePage() {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const { org } = useSellerOrg();
  const seller = useApi(['seller', 'HomePage.seller', org.orgId], (signal) => sellerApi.seller(org.orgId, signal));
  const storefront = useApi(['seller', 'HomePage.storefront', org.countyCode], (signal) =>
    sellerApi.storefront(org.countyCode, signal),
  );
  const listings = useApi(['seller', 'HomePage.listings', org.orgId], (signal) =>
    sellerApi.listings(org.orgId, undefined, signal),
  );
  const overview = useApi(['seller', 'HomePage.loadOverview', org.orgId], (signal) => loadOverview(org.orgId, signal));
  // catalog's copy is the one that decides what can be published; identity's membership is the fallback
  const status = seller.data?.status ?? org.orgStatus;

  return (
    <Page title={t.homeTitle}>
      <div className="grid">
        <section className="card" aria-labelledby="seller-org-heading">
          <h2 id="seller-org-heading">{org.orgName}</h2>
          <p className="muted small">{t.orgKind(org.orgKind)}</p>
          <p className="row">
            <span>{t.verification}</span>
            <span
              className={`tag ${status === 'verified' ? 'tag-good' : status === 'suspended' ? 'tag-bad' : 'tag-warn'}`}
              data-testid="org-status"
            >
              {t.orgStatus(status)}
            </span>
          </p>
          <p className="small">
            {status === 'verified' ? t.verifiedNote : status === 'suspended' ? t.suspendedNote : t.pendingNote}
          </p>
          {seller.data && <HotlineForm seller={seller.data} isOwner={org.role === 'owner'} onSaved={seller.reload} />}
        </section>
        <section className="card" aria-labelledby="seller-storefront-heading">
          <h2 id="seller-storefront-heading">{t.storefront}</h2>
          <AsyncView
            data={storefront.data}
            error={storefront.error}
            loading={storefront.loading}
            onRetry={storefront.reload}
          >
            {(shop) => <p>{shop ? t.storefrontStatus(shop.name, shop.status) : t.noStorefront}</p>}
          </AsyncView>
          <AsyncView data={listings.data} error={listings.error} loading={listings.loading} onRetry={listings.reload}>
            {(items) => (
              <p>
                <Link to="/seller/listings">
                  {t.listingsPublished(
                    items.filter((listing) => listing.status === 'published').length,
                    items.filter((listing) => listing.status !== 'removed').length,
                  )}
                </Link>
                <br />
                <span data-testid="seller-sold">
                  {t.soldTotal(items.reduce((sum, listing) => sum + listing.salesCount, 0))}
                </span>
              </p>
            )}
          </AsyncView>
        </section>
      </div>

      <h2>{t.figures}</h2>
      <AsyncView data={overview.data} error={overview.error} loading={overview.loading} onRetry={overview.reload}>
        {(figures) => (
          <div className="figures" data-testid="figures">
            <Link className="card figure" to="/seller/orders?filter=to_pack">
              <span className="figure-value">{figures.toPack}</span>
              <span className="figure-label">{t.figureToPack}</span>
            </Link>
            <Link className="card figure" to="/seller/claims?status=awaiting_seller">
              <span className="figure-value">{figures.openClaims}</span>
              <span className="figure-label">{t.figureOpenClaims}</span>
            </Link>
            <Link className="card figure" to="/seller/reviews">
              <span className="figure-value">
                {figures.rating.ratingCount > 0 ? figures.rating.ratingAverage.toFixed(1) : '–'}
              </span>
              <span className="figure-label">
                {t.figureRating} · {t.ratingValue(figures.rating.ratingAverage, figures.rating.ratingCount)}
              </span>
            </Link>
            <Link className="card figure" to="/seller/sales">
              <span className="figure-value">{f.fen(figures.sales.fen)}</span>
              <span className="figure-label">
                {t.figureSales} · {t.salesValue(figures.sales.orders)}
              </span>
            </Link>
          </div>
        )}
      </AsyncView>
    </Page>
  );
}

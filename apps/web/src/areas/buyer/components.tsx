import { type ReactNode, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { useFormat, useMessages } from '../../i18n';
import { photoVariant } from '../../ui';
import type { ListingSummary, OrderStatus } from './api';
import { basketCount, useBasket } from './basket';
import { buyerMessages } from './messages';

/** A photo that cannot be loaded (the seller's image host is down or gone) is left out, not shown broken. */
export const hideBrokenImage = (event: SyntheticEvent<HTMLImageElement>) => {
  event.currentTarget.hidden = true;
};

/** A title with the ranges a search matched marked (offsets into the title, in order). */
function MarkedTitle({ title, highlights = [] }: { title: string; highlights?: [number, number][] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of highlights) {
    if (start >= at && end <= title.length && start < end) {
      parts.push(title.slice(at, start), <mark key={start}>{title.slice(start, end)}</mark>);
      at = end;
    }
  }
  parts.push(title.slice(at));
  return <>{parts}</>;
}

/** One product in a list: title (with what a search matched marked), seller, price from, certifications. */
export function ListingCard({ listing }: { listing: ListingSummary & { highlights?: [number, number][] } }) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  return (
    <article className="card listing-card" data-testid="listing-card">
      {listing.coverImage && (
        <img
          className="listing-cover"
          src={photoVariant(listing.coverImage, 'thumb')}
          alt=""
          loading="lazy"
          onError={hideBrokenImage}
        />
      )}
      <h3>
        <Link to={`/listings/${listing.id}`}>
          <MarkedTitle title={listing.title} highlights={listing.highlights} />
        </Link>
      </h3>
      <p className="muted small">
        <Link to={`/sellers/${listing.sellerOrgId}`}>{listing.sellerName}</Link> ·{' '}
        {t.rating(listing.sellerRating.average, listing.sellerRating.count)}
      </p>
      <div className="spread">
        <span className="price">
          {listing.minPriceFen === listing.maxPriceFen
            ? f.fen(listing.minPriceFen)
            : t.from(f.fen(listing.minPriceFen))}
        </span>
        <span className="muted small" data-testid="card-sold">
          {t.sold(listing.salesCount)}
        </span>
      </div>
      {listing.certifications.length > 0 && (
        <p className="row">
          {listing.certifications.map((certification) => (
            <span className="tag" key={certification}>
              {t.certification(certification)}
            </span>
          ))}
        </p>
      )}
    </article>
  );
}

export function ListingGrid({ listings }: { listings: (ListingSummary & { highlights?: [number, number][] })[] }) {
  return (
    <div className="grid">
      {listings.map((listing) => (
        <ListingCard key={listing.id} listing={listing} />
      ))}
    </div>
  );
}

const STATUS_TONE: Partial<Record<OrderStatus, string>> = {
  awaiting_payment: 'tag-warn',
  rejected: 'tag-bad',
  cancelled: 'tag-muted',
  returned: 'tag-bad',
  refunded: 'tag-muted',
  completed: 'tag-good',
  ready_for_pickup: 'tag-warn',
};

/**
 * An order's status. A cash-on-collection order is "paid" in orders' state machine as soon as it is reserved (so
 * that it ships), but its buyer has paid nothing until the operator takes the cash: until then it says so.
 */
export function StatusTag({ status, cashDue = false }: { status: OrderStatus; cashDue?: boolean }) {
  const t = useMessages(buyerMessages);
  return (
    <span className={`tag ${STATUS_TONE[status] ?? ''}`.trim()} data-status={status}>
      {cashDue && status === 'paid' ? t.cashStatus : t.status(status)}
    </span>
  );
}

/** A cash-on-collection order whose cash the operator has not taken yet. */
export const cashDue = (order: { paymentMethod: string; cashReceivedAt: string | null }): boolean =>
  order.paymentMethod === 'cash_on_collection' && order.cashReceivedAt === null;

/** The basket's item count beside its header link. */
export function BasketBadge() {
  const count = basketCount(useBasket());
  return count > 0 ? (
    <span className="badge" data-testid="basket-count">
      {count}
    </span>
  ) : null;
}

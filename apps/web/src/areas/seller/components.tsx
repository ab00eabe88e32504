import type { ReactNode } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useFormat, useMessages } from '../../i18n';
import { SelectField } from '../../ui';
import type { ClaimStatus, DaySales, ListingStatus, OrderStatus } from './api';
import { sellerMessages } from './messages';
import { SellerOrgProvider, useSellerOrg } from './org';
import './seller.css';

const TABS = [
  { to: '/seller', key: 'tabHome', end: true },
  { to: '/seller/listings', key: 'tabListings' },
  { to: '/seller/stock', key: 'tabStock' },
  { to: '/seller/lots', key: 'tabLots' },
  { to: '/seller/orders', key: 'tabOrders' },
  { to: '/seller/claims', key: 'tabClaims' },
  { to: '/seller/reviews', key: 'tabReviews' },
  { to: '/seller/sales', key: 'tabSales' },
  { to: '/seller/presales', key: 'tabPresales' },
  { to: '/seller/statements', key: 'tabMoney' },
  { to: '/seller/freight', key: 'tabFreight' },
  { to: '/seller/coupons', key: 'tabCoupons' },
] as const;

/** The seller console's frame: the organisation (switchable when there are several) and the section tabs. */
export function SellerLayout() {
  return (
    <SellerOrgProvider>
      <SellerFrame />
    </SellerOrgProvider>
  );
}

function SellerFrame() {
  const t = useMessages(sellerMessages);
  const { org, orgs, choose } = useSellerOrg();
  return (
    <div className="seller">
      <div className="seller-bar no-print">
        {orgs.length > 1 ? (
          <div className="seller-org-switch">
            <SelectField
              label={t.switchOrg}
              id="seller-org"
              value={org.orgId}
              onChange={(event) => choose(event.target.value)}
            >
              {orgs.map((membership) => (
                <option key={membership.orgId} value={membership.orgId}>
                  {membership.orgName}
                </option>
              ))}
            </SelectField>
          </div>
        ) : (
          <p className="seller-org-name">
            <span className="muted small">{t.organisation}</span> <strong>{org.orgName}</strong>
          </p>
        )}
        <nav className="seller-tabs" aria-label={t.consoleNav}>
          <ul>
            {TABS.map((tab) => (
              <li key={tab.to}>
                <NavLink to={tab.to} end={'end' in tab ? tab.end : undefined}>
                  {t[tab.key]}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      {/* a new organisation is a new console: every page loads again for it */}
      <Outlet key={org.orgId} />
    </div>
  );
}

const LISTING_TONE: Record<ListingStatus, string> = {
  draft: 'tag-muted',
  published: 'tag-good',
  paused: 'tag-warn',
  removed: 'tag-bad',
};

export function ListingStatusTag({ status }: { status: ListingStatus }) {
  const t = useMessages(sellerMessages);
  return (
    <span className={`tag ${LISTING_TONE[status]}`} data-status={status}>
      {t.listingStatus(status)}
    </span>
  );
}

const ORDER_TONE: Partial<Record<OrderStatus, string>> = {
  paid: 'tag-warn',
  in_fulfilment: 'tag-warn',
  awaiting_payment: 'tag-muted',
  placed: 'tag-muted',
  rejected: 'tag-bad',
  cancelled: 'tag-muted',
  returned: 'tag-bad',
  refunded: 'tag-muted',
  completed: 'tag-good',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const t = useMessages(sellerMessages);
  return (
    <span className={`tag ${ORDER_TONE[status] ?? ''}`.trim()} data-status={status}>
      {t.orderStatus(status)}
    </span>
  );
}

const CLAIM_TONE: Record<ClaimStatus, string> = {
  awaiting_seller: 'tag-warn',
  countered: 'tag-muted',
  escalated: 'tag-bad',
  resolved: 'tag-good',
};

export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  const t = useMessages(sellerMessages);
  return (
    <span className={`tag ${CLAIM_TONE[status]}`} data-status={status}>
      {t.claimStatus(status)}
    </span>
  );
}

/** ★★★★☆ with the number for screen readers. */
export function Stars({ rating }: { rating: number }) {
  const t = useMessages(sellerMessages);
  const full = Math.round(rating);
  return (
    <span className="stars" role="img" aria-label={t.stars(rating)}>
      {'★'.repeat(full)}
      <span className="stars-empty">{'★'.repeat(Math.max(0, 5 - full))}</span>
    </span>
  );
}

/** A success line that screen readers announce. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

/**
 * Daily sales as plain SVG bars (no chart library): one bar per day, scaled to the best day, each with a <title>
 * so that hovering or a screen reader says the day, amount and orders; the page also has the same figures as a table.
 */
export function SalesBars({ days }: { days: DaySales[] }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const width = 600;
  const height = 160;
  const top = 10;
  const max = Math.max(1, ...days.map((day) => day.fen));
  const slot = width / Math.max(1, days.length);
  const bar = Math.max(2, slot * 0.7);
  return (
    <figure className="sales-chart">
      <svg
        className="sales-bars"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={t.salesChart}
        preserveAspectRatio="none"
        data-testid="sales-bars"
      >
        <line x1={0} x2={width} y1={height} y2={height} className="sales-axis" />
        {days.map((day, index) => {
          const h = ((height - top) * day.fen) / max;
          return (
            <rect
              key={day.date}
              x={index * slot + (slot - bar) / 2}
              y={height - h}
              width={bar}
              height={Math.max(h, day.fen > 0 ? 1 : 0)}
              className="sales-bar"
            >
              <title>{t.salesDay(day.date, f.fen(day.fen), day.orders)}</title>
            </rect>
          );
        })}
      </svg>
      {/* the dates in HTML, so that they keep their shape however the bars are stretched */}
      <figcaption className="sales-dates" aria-hidden="true">
        {days.map((day, index) => (
          <span key={day.date}>{(days.length - 1 - index) % 7 === 0 ? day.date.slice(5) : ''}</span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Hours from now until `iso` (negative once past). */
export const hoursUntil = (iso: string, now = Date.now()): number => (new Date(iso).getTime() - now) / 3_600_000;

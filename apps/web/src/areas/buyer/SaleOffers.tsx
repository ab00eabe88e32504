import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useFormat, useMessages } from '../../i18n';
import { useApi } from '../../ui';
import { buyerApi, type GroupDealWithGroups, type Listing, type Presale } from './api';
import { MAX_QUANTITY } from './basket';
import { pendingSale, type PendingSale } from './sale';
import { saleMessages } from './saleMessages';

/** The line a sale orders: the listing's SKU at the sale's price. */
function lineOf(listing: Listing, skuId: string, priceFen: number, quantity: number): PendingSale['line'] {
  const sku = listing.skus.find((candidate) => candidate.id === skuId);
  return {
    skuId,
    listingId: listing.id,
    title: listing.title,
    spec: sku?.spec ?? '',
    priceFen,
    sellerOrgId: listing.sellerOrgId,
    sellerName: listing.sellerName,
    countyCode: listing.countyCode,
    quantity,
  };
}

function PresaleCard({ listing, presale }: { listing: Listing; presale: Presale }) {
  const t = useMessages(saleMessages);
  const f = useFormat();
  const navigate = useNavigate();
  const [quantity, setQuantity] = useState(1);
  return (
    <section className="card" data-testid="presale-offer">
      <h2>
        <span className="tag">{t.presaleTitle}</span> <span className="price">{f.fen(presale.priceFen)}</span>
      </h2>
      <p className="small">{t.presaleBody(f.date(presale.shipsFrom), f.date(presale.shipsTo))}</p>
      {presale.depositFen !== null && (
        <p className="small notice" data-testid="presale-deposit">
          {t.presaleDeposit(
            f.fen(presale.depositFen),
            f.fen(presale.priceFen - presale.depositFen),
            presale.balanceHours ?? 48,
          )}
        </p>
      )}
      <p className="muted small" data-testid="presale-left">
        {presale.open ? t.presaleLeft(presale.remainingUnits) : t.presaleClosed}
      </p>
      {presale.open && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            pendingSale.set({
              kind: 'presale',
              id: presale.id,
              line: lineOf(listing, presale.skuId, presale.priceFen, quantity),
            });
            void navigate('/checkout?sale=1');
          }}
        >
          <div className="quantity-row">
            <label htmlFor={`presale-quantity-${presale.id}`}>{t.quantity}</label>
            <input
              id={`presale-quantity-${presale.id}`}
              type="number"
              inputMode="numeric"
              min={1}
              max={Math.min(MAX_QUANTITY, presale.remainingUnits)}
              value={quantity}
              onChange={(event) => setQuantity(Math.max(1, Math.min(MAX_QUANTITY, Number(event.target.value) || 1)))}
            />
          </div>
          <button type="submit" className="button button-block">
            {t.presaleOrder}
          </button>
        </form>
      )}
    </section>
  );
}

function GroupDealCard({ listing, deal }: { listing: Listing; deal: GroupDealWithGroups }) {
  const t = useMessages(saleMessages);
  const f = useFormat();
  const navigate = useNavigate();
  return (
    <section className="card" data-testid="group-offer">
      <h2>
        <span className="tag">{t.groupTitle}</span> {t.groupPrice}{' '}
        <span className="price">{f.fen(deal.groupPriceFen)}</span>
      </h2>
      <p className="small">{t.groupBody(deal.groupSize, deal.windowMinutes)}</p>
      <ul className="plain-list">
        {deal.openGroups.map((group) => (
          <li key={group.id}>
            <Link to={`/groups/${group.id}`}>{t.groupJoinOpen(group.placesLeft)}</Link>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button button-block"
        onClick={() => {
          pendingSale.set({ kind: 'start', id: deal.id, line: lineOf(listing, deal.skuId, deal.groupPriceFen, 1) });
          void navigate('/checkout?sale=1');
        }}
      >
        {t.groupStart}
      </button>
    </section>
  );
}

/** 预售 and 拼团 on a listing's page: its open pre-sales and group deals, each ordered through checkout. */
export function SaleOffers({ listing }: { listing: Listing }) {
  const presales = useApi(['buyer', 'SaleOffers.presales', listing.id], (signal) =>
    buyerApi.sales.presalesOf(listing.id, signal),
  );
  const deals = useApi(['buyer', 'SaleOffers.groupDeals', listing.id], (signal) =>
    buyerApi.sales.groupDealsOf(listing.id, signal),
  );
  const shown = (presales.data ?? []).filter((presale) => presale.status === 'open');
  if (shown.length === 0 && (deals.data ?? []).length === 0) {
    return null;
  }
  return (
    <div className="sale-offers">
      {shown.map((presale) => (
        <PresaleCard key={presale.id} listing={listing} presale={presale} />
      ))}
      {(deals.data ?? []).map((deal) => (
        <GroupDealCard key={deal.id} listing={listing} deal={deal} />
      ))}
    </div>
  );
}

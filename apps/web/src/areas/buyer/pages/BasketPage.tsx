import { Link } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { EmptyState, Page } from '../../../ui';
import { basket, basketTotalFen, useBasket, type BasketLine } from '../basket';
import { buyerMessages } from '../messages';

/** Lines grouped by seller: checkout makes one order per seller. */
export const bySeller = (lines: BasketLine[]): [string, BasketLine[]][] => {
  const groups = new Map<string, BasketLine[]>();
  lines.forEach((line) => groups.set(line.sellerOrgId, [...(groups.get(line.sellerOrgId) ?? []), line]));
  return [...groups.entries()];
};

export function BasketPage() {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const lines = useBasket();
  if (lines.length === 0) {
    return (
      <Page title={t.basketTitle}>
        <EmptyState
          title={t.basketEmpty}
          action={
            <Link className="button" to="/search">
              {t.browse}
            </Link>
          }
        />
      </Page>
    );
  }
  return (
    <Page title={t.basketTitle}>
      {bySeller(lines).map(([sellerOrgId, group]) => (
        <section className="card" key={sellerOrgId} aria-label={group[0].sellerName}>
          <h2 className="card-title">{group[0].sellerName}</h2>
          <ul className="plain-list basket-lines">
            {group.map((line) => (
              <li key={line.skuId} className="basket-line" data-testid="basket-line">
                <div>
                  <Link to={`/listings/${line.listingId}`}>{line.title}</Link>
                  <p className="muted small">
                    {line.spec} · {f.fen(line.priceFen)}
                    {line.perJinFen !== undefined && <> · {t.perJin(f.fen(line.perJinFen))}</>}
                  </p>
                </div>
                <div className="stepper" role="group" aria-label={`${t.quantity}: ${line.title}`}>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    aria-label={t.decrease}
                    disabled={line.quantity <= 1}
                    onClick={() => basket.setQuantity(line.skuId, line.quantity - 1)}
                  >
                    −
                  </button>
                  <output aria-live="polite">{line.quantity}</output>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    aria-label={t.increase}
                    onClick={() => basket.setQuantity(line.skuId, line.quantity + 1)}
                  >
                    +
                  </button>
                  <button type="button" className="link-button" onClick={() => basket.remove(line.skuId)}>
                    {t.remove}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          <p className="muted small" data-testid="basket-freight">
            {t.freightAtCheckout}
          </p>
        </section>
      ))}
      <div className="spread total-row">
        <span>{t.total}</span>
        <span className="price" data-testid="basket-total">
          {f.fen(basketTotalFen(lines))}
        </span>
      </div>
      <p className="muted small">{t.ordersPerSeller}</p>
      <Link className="button button-block" to="/checkout">
        {t.checkout}
      </Link>
    </Page>
  );
}

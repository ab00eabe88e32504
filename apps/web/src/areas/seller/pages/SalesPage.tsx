import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, useApi } from '../../../ui';
import { ordersSince, salesByDay } from '../api';
import { SalesBars } from '../components';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

const DAYS = 30;

/**
 * Sales of the last 30 days per China day, from the seller's own orders (orders has no per-seller figures yet):
 * the orders that became sales, counted on the day they were placed.
 */
export function SalesPage() {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const { org } = useSellerOrg();
  const { data, error, loading, reload } = useApi(['seller', 'SalesPage.salesByDay', org.orgId], async (signal) =>
    salesByDay(await ordersSince(org.orgId, new Date(Date.now() - DAYS * 86_400_000), signal), DAYS),
  );
  return (
    <Page title={t.salesTitle}>
      <p className="muted">{t.salesIntro}</p>
      <AsyncView data={data} error={error} loading={loading} onRetry={reload}>
        {(days) => {
          const total = days.reduce((sum, day) => sum + day.fen, 0);
          const orders = days.reduce((sum, day) => sum + day.orders, 0);
          return (
            <>
              <div className="figures">
                <div className="card figure">
                  <span className="figure-value" data-testid="sales-total">
                    {f.fen(total)}
                  </span>
                  <span className="figure-label">{t.salesTotal}</span>
                </div>
                <div className="card figure">
                  <span className="figure-value">{orders}</span>
                  <span className="figure-label">{t.salesOrders}</span>
                </div>
                <div className="card figure">
                  <span className="figure-value">{f.fen(Math.round(total / DAYS))}</span>
                  <span className="figure-label">{t.salesAverage}</span>
                </div>
              </div>
              <section className="card">
                {orders === 0 && <p className="muted">{t.noSales}</p>}
                <SalesBars days={days} />
              </section>
              <details className="card">
                <summary>{t.salesTable}</summary>
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">{t.date}</th>
                        <th scope="col" className="num">
                          {t.salesOrders}
                        </th>
                        <th scope="col" className="num">
                          {t.amountColumn}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {[...days].reverse().map((day) => (
                        <tr key={day.date}>
                          <td>{f.date(day.date)}</td>
                          <td className="num">{day.orders}</td>
                          <td className="num">{f.fen(day.fen)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            </>
          );
        }}
      </AsyncView>
    </Page>
  );
}

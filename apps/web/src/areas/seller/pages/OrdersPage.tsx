import { Link, useSearchParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { ORDER_FILTERS, ordersOf, sellerApi, type Order, type OrderFilter } from '../api';
import { OrderStatusTag } from '../components';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

/** The seller's orders by filter (the URL keeps it), with the packing list above the orders to pack. */
export function OrdersPage() {
  const t = useMessages(sellerMessages);
  const { org } = useSellerOrg();
  const [params] = useSearchParams();
  const requested = params.get('filter') as OrderFilter | null;
  const filter: OrderFilter = requested && ORDER_FILTERS.includes(requested) ? requested : 'to_pack';
  const orders = useApi(['seller', 'OrdersPage.ordersOf', org.orgId, filter], (signal) =>
    ordersOf(org.orgId, filter, signal),
  );

  return (
    <Page title={t.ordersTitle}>
      <nav className="filters-bar" aria-label={t.ordersTitle}>
        {ORDER_FILTERS.map((value) => (
          <Link key={value} to={`/seller/orders?filter=${value}`} aria-current={value === filter ? 'page' : undefined}>
            {t.filter(value)}
          </Link>
        ))}
      </nav>
      {filter === 'to_pack' && <PackingList orgId={org.orgId} />}
      <AsyncView
        data={orders.data}
        error={orders.error}
        loading={orders.loading}
        onRetry={orders.reload}
        isEmpty={(items) => items.length === 0}
        empty={<EmptyState title={t.noOrders} />}
      >
        {(items) => (
          <ul className="list card" data-testid="orders">
            {items.map((order) => (
              <OrderRow key={order.id} order={order} />
            ))}
          </ul>
        )}
      </AsyncView>
    </Page>
  );
}

function OrderRow({ order }: { order: Order }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  return (
    <li data-testid="order-row">
      <div className="spread">
        <Link to={`/seller/orders/${order.id}`}>
          <strong>{t.orderNo(order.id)}</strong>
        </Link>
        <OrderStatusTag status={order.status} />
      </div>
      <p className="small">{order.lines.map((line) => `${line.title} · ${line.spec} × ${line.quantity}`).join('；')}</p>
      <p className="muted small row">
        <span>
          {t.placedAt} {f.dateTime(order.createdAt)}
        </span>
        <span>·</span>
        <span>{order.destination.kind === 'service_point' ? t.toServicePoint : t.toAddress}</span>
        <span>·</span>
        <span className="price">{f.fen(order.totalFen)}</span>
      </p>
    </li>
  );
}

function PackingList({ orgId }: { orgId: string }) {
  const t = useMessages(sellerMessages);
  const { data, error, loading, reload } = useApi(['seller', 'OrdersPage.packingList', orgId], (signal) =>
    sellerApi.packingList(orgId, signal),
  );
  return (
    <section className="card" aria-labelledby="packing-list">
      <h2 id="packing-list">{t.packingList}</h2>
      <AsyncView
        data={data}
        error={error}
        loading={loading}
        onRetry={reload}
        isEmpty={(lines) => lines.length === 0}
        empty={<p className="muted">{t.noOrders}</p>}
      >
        {(lines) => (
          <>
            <p className="muted small">{t.packingIntro}</p>
            <ul className="list" data-testid="packing-list">
              {lines.map((line) => (
                <li key={line.skuId} className="spread">
                  <span>
                    {line.title} · {line.spec}
                  </span>
                  <strong>{t.packingLine(line.quantity, line.orders)}</strong>
                </li>
              ))}
            </ul>
          </>
        )}
      </AsyncView>
    </section>
  );
}

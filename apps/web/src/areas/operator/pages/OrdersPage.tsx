import { Link } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { operatorApi } from '../api';
import { OrderStatusPill } from '../components';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

/** The point's orders: those placed for villagers here, and those bound for it. */
export function OrdersPage() {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const { current } = useNode();
  const { data, error, loading, reload } = useApi(['operator', 'OrdersPage.pointOrders', current.orgId], (signal) =>
    operatorApi.pointOrders(current.orgId, signal),
  );
  return (
    <Page
      title={t.ordersTitle}
      actions={
        <Link className="button button-small" to="/operator/orders/new">
          {t.assistTitle}
        </Link>
      }
    >
      <p className="small">
        <Link to="/operator/commissions">{t.commissionsTitle}</Link>
      </p>
      <AsyncView
        data={data}
        error={error}
        loading={loading}
        onRetry={reload}
        isEmpty={(orders) => orders.length === 0}
        empty={<EmptyState title={t.ordersNone} />}
      >
        {(orders) => (
          <ul className="op-orders">
            {orders.map((order) => (
              <li key={order.id} className="card op-order">
                <div className="spread">
                  <Link to={`/operator/orders/${order.id}`}>
                    {order.lines.map((line) => `${line.title} × ${line.quantity}`).join('，')}
                  </Link>
                  <OrderStatusPill status={order.status} />
                </div>
                <div className="spread small muted">
                  <span>
                    {order.destination.recipientName}
                    {order.assistedByOrgId === current.orgId && ` · ${t.assisted}`}
                  </span>
                  <span>
                    <span className="price">{f.fen(order.totalFen)}</span> · {f.date(order.createdAt)}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </Page>
  );
}

import { Link } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { buyerApi } from '../api';
import { cashDue, StatusTag } from '../components';
import { buyerMessages } from '../messages';

export function OrdersPage() {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const orders = useApi(['buyer', 'OrdersPage.mine'], (signal) => buyerApi.orders.mine(signal));
  return (
    <Page title={t.myOrdersTitle}>
      <AsyncView
        {...orders}
        onRetry={orders.reload}
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState
            title={t.noOrders}
            action={
              <Link className="button" to="/search">
                {t.browse}
              </Link>
            }
          />
        }
      >
        {(list) => (
          <ul className="plain-list">
            {list.map((order) => (
              <li className="card" key={order.id} data-testid="order-row">
                <div className="spread">
                  <Link to={`/orders/${order.id}`}>
                    <strong>{order.sellerName}</strong>
                  </Link>
                  <StatusTag status={order.status} cashDue={cashDue(order)} />
                </div>
                <p className="muted small">
                  {order.lines.map((line) => `${line.title} × ${line.quantity}`).join('，')}
                </p>
                <div className="spread small">
                  <span className="price">{f.fen(order.totalFen)}</span>
                  <span className="muted">{f.dateTime(order.createdAt)}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
    </Page>
  );
}

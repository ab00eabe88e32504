import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { ErrorState, Loading, Page, ProblemMessage, QrCode, SagaProgress, usePoll, type SagaStep } from '../../../ui';
import { operatorApi, type OrderDetail, type OrderStatus, type Payment } from '../api';
import { OrderStatusPill } from '../components';
import { operatorMessages } from '../messages';

const ENDED: OrderStatus[] = ['rejected', 'cancelled', 'returned', 'refunded'];

/** Where the order stands in the saga: reservation, payment (or cash settled), the way down, the pickup. */
function Progress({ order, pending, slow }: { order: OrderDetail; pending: boolean; slow: boolean }) {
  const t = useMessages(operatorMessages);
  const steps: SagaStep[] = [
    { key: 'placed', label: t.stepPlaced },
    ...(order.paymentMethod === 'online' ? [{ key: 'awaiting_payment', label: t.stepAwaitingPayment }] : []),
    { key: 'paid', label: order.paymentMethod === 'online' ? t.stepPaid : t.stepCashSettled },
    { key: 'in_fulfilment', label: t.stepOnTheWay },
    { key: 'ready_for_pickup', label: t.stepReady },
    { key: 'completed', label: t.stepCollected },
  ];
  const failed = ENDED.includes(order.status);
  const reached = failed
    ? ([...order.history].reverse().find((entry) => !ENDED.includes(entry.to))?.to ?? 'placed')
    : order.status === 'out_for_delivery'
      ? 'in_fulfilment'
      : order.status;
  return (
    <SagaProgress steps={steps} current={reached} pending={pending} slow={slow} failed={failed} label={t.progress} />
  );
}

/** An assisted order: what was ordered for whom, its progress (kept current while something is pending), payment. */
export function OrderPage() {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const { id = '' } = useParams();
  const [paying, setPaying] = useState(false);
  const [payment, setPayment] = useState<Payment>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const poll = usePoll(['operator', 'OrderPage.order', id, paying], (signal) => operatorApi.order(id, signal), {
    // waiting for catalog's reservation (placed), or for the provider's webhook after the villager paid
    until: (order) => order.status !== 'placed' && !(paying && order.status === 'awaiting_payment'),
  });
  const order = poll.data;
  const pending = Boolean(order) && !poll.settled;

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };
  const createPayment = (groupId: string) =>
    run(async () => {
      setPayment(await operatorApi.createPayment(groupId));
    });
  const simulatePay = (providerPaymentId: string) =>
    run(async () => {
      await operatorApi.simulatePay(providerPaymentId);
      setPaying(true);
      poll.restart();
    });
  const cashReceived = (amountFen: number) =>
    run(async () => {
      await operatorApi.cashReceived(id, amountFen);
      poll.restart();
    });

  if (!order) {
    return (
      <Page title={t.orderTitle}>
        {poll.error !== undefined ? <ErrorState error={poll.error} onRetry={poll.restart} /> : <Loading />}
      </Page>
    );
  }
  const payUrl = payment?.payUrl ? new URL(payment.payUrl, window.location.origin).toString() : undefined;
  return (
    <Page title={t.orderTitle} actions={<OrderStatusPill status={order.status} />}>
      <div className="card" data-testid="order-progress">
        <Progress order={order} pending={pending} slow={poll.slow} />
        {poll.error !== undefined && <ProblemMessage error={poll.error} compact />}
      </div>

      {order.status === 'awaiting_payment' && order.paymentMethod === 'online' && (
        <div className="card">
          <h2>{t.payTitle(f.fen(order.totalFen))}</h2>
          {order.paymentDueAt && <p className="small muted">{t.payBy(f.dateTime(order.paymentDueAt))}</p>}
          {!payment ? (
            <button
              type="button"
              className="button op-button-big button-block"
              disabled={busy}
              onClick={() => void createPayment(order.groupId)}
            >
              {t.createPayment}
            </button>
          ) : (
            <>
              <p className="small">{t.payScan}</p>
              {payUrl && <QrCode text={payUrl} label={t.payQr} size={180} className="op-qr" />}
              {payment.provider === 'simulated' && (
                <button
                  type="button"
                  className="button button-secondary button-block"
                  disabled={busy || paying}
                  onClick={() => void simulatePay(payment.providerPaymentId)}
                >
                  {t.simulatePay}
                </button>
              )}
            </>
          )}
        </div>
      )}

      {order.paymentMethod === 'cash_on_collection' &&
        !order.cashReceivedAt &&
        (order.status === 'ready_for_pickup' || order.status === 'completed') && (
          <div className="card">
            <p>{t.cashDue(f.fen(order.totalFen))}</p>
            <button
              type="button"
              className="button op-button-big button-block"
              disabled={busy}
              onClick={() => void cashReceived(order.totalFen)}
            >
              {t.cashReceived(f.fen(order.totalFen))}
            </button>
          </div>
        )}
      <ProblemMessage error={actionError} />

      <div className="card">
        <dl className="facts">
          <dt>{t.villager}</dt>
          <dd>
            {order.destination.recipientName} · {order.destination.recipientPhone}
          </dd>
          <dt>{t.seller}</dt>
          <dd>{order.sellerName}</dd>
          <dt>{t.paymentMethod}</dt>
          <dd>
            {t.payment(order.paymentMethod)}
            {order.cashReceivedAt && ` · ${t.cashReceivedAt(f.dateTime(order.cashReceivedAt))}`}
          </dd>
          {order.shipment.collectBy && (
            <>
              <dt>{t.collectByLabel}</dt>
              <dd>{f.dateTime(order.shipment.collectBy)}</dd>
            </>
          )}
          <dt>{t.placedAt}</dt>
          <dd>{f.dateTime(order.createdAt)}</dd>
        </dl>
        <ul className="op-lines">
          {order.lines.map((line) => (
            <li key={line.skuId} className="spread">
              <span>
                {line.title} · {line.spec} × {line.quantity}
              </span>
              <span className="price">{f.fen(line.lineTotalFen)}</span>
            </li>
          ))}
        </ul>
        <p className="spread op-total">
          <span>{t.total}</span>
          <span className="price">{f.fen(order.totalFen)}</span>
        </p>
      </div>

      <details className="op-details">
        <summary>{t.history}</summary>
        <ol className="op-history">
          {order.history.map((entry) => (
            <li key={`${entry.at}-${entry.to}`}>
              <span className="muted small">{f.dateTime(entry.at)}</span> {t.orderStatus(entry.to)}
              {entry.reason ? ` · ${f.reason(entry.reason)}` : ''}
            </li>
          ))}
        </ol>
      </details>
      <p className="row">
        <Link to="/operator/orders">{t.ordersTitle}</Link>
        <Link to="/operator/orders/new">{t.assistAnother}</Link>
      </p>
    </Page>
  );
}

import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { ErrorState, Loading, Page, ProblemMessage, QrCode, SagaProgress, usePoll } from '../../../ui';
import { buyerApi, PAID_OR_LATER, type OrderGroup, type Payment } from '../api';
import { cashDue, StatusTag } from '../components';
import { buyerMessages } from '../messages';
import { saleMessages } from '../saleMessages';

const reserving = (group: OrderGroup) => group.orders.some((order) => order.status === 'placed');
/** Something to pay now: an order awaiting payment, or a pre-sale order's balance (尾款) after the harvest. */
const payableNow = (order: OrderGroup['orders'][number]) =>
  order.status === 'awaiting_payment' || order.status === 'awaiting_balance';
const awaitingPayment = (group: OrderGroup) => group.orders.some(payableNow);

/** What is due of an order now: a deposit order's deposit (定金) first, its balance (尾款) once released. */
const dueFen = (order: OrderGroup['orders'][number]) =>
  order.status === 'awaiting_balance' ? order.totalFen - order.paidFen : (order.depositFen ?? order.totalFen);

/** Where the provider's cashier sends the buyer back: this page, which then waits for the notification. */
const returnPathOf = (groupId: string) => `/order-groups/${groupId}?returned=1`;

/** WeChat Pay's H5 page returns to `redirect_url`, which the merchant's page appends to h5_url (WeChat's rule). */
const withRedirect = (h5Url: string, groupId: string) =>
  `${h5Url}${h5Url.includes('?') ? '&' : '?'}redirect_url=${encodeURIComponent(window.location.origin + returnPathOf(groupId))}`;

/**
 * After checkout: follows the group (pushed by the server as it changes, polled when the stream drops) while catalog
 * reserves the stock (placed → awaiting_payment or rejected), then
 * pays at the configured provider — the simulator in development; WeChat Pay (a QR code to scan, or its H5 cashier
 * on this phone) or Alipay (its WAP cashier) — and, back from the cashier, follows the group until the provider's
 * notification has marked the orders paid.
 */
export function PayPage() {
  const { id = '' } = useParams();
  const t = useMessages(buyerMessages);
  const ts = useMessages(saleMessages);
  const f = useFormat();
  const [searchParams] = useSearchParams();
  // back from the provider's cashier: the notification is on its way
  const [paying, setPaying] = useState(searchParams.has('returned'));
  const [payError, setPayError] = useState<unknown>();
  /** A payment to scan (WeChat Native, Alipay precreate), kept on screen while the poll waits. */
  const [qr, setQr] = useState<Payment | null>(null);
  const [leaving, setLeaving] = useState<string | null>(null);
  const poll = usePoll(['buyer', 'PayPage.group', id], (signal) => buyerApi.orders.group(id, signal), {
    until: (group) => !reserving(group) && !(paying && awaitingPayment(group)),
    // the server pushes each committed change; polling only while the stream cannot be had
    stream: (signal) => buyerApi.orders.groupEvents(id, signal),
  });
  const group = poll.data;
  if (!group) {
    return poll.error !== undefined ? <ErrorState error={poll.error} onRetry={poll.restart} /> : <Loading />;
  }

  const allRejected = group.orders.every((order) => order.status === 'rejected');
  // a cash order is "paid" once reserved (it ships), but nothing has been paid until the cash is taken
  const cash = group.paymentMethod === 'cash_on_collection';
  const allPaid = group.orders.every(
    (order) => (PAID_OR_LATER.includes(order.status) && !payableNow(order)) || order.status === 'rejected',
  );
  const payable = group.orders.filter(payableNow);
  const payableFen = payable.reduce((sum, order) => sum + dueFen(order), 0);
  const deposit = payable.find((order) => order.depositFen !== null);
  const current = allRejected
    ? 'reserved'
    : reserving(group)
      ? 'placed'
      : allPaid
        ? 'paid'
        : paying
          ? 'paying'
          : 'reserved';

  const leaveFor = (payment: Payment, url: string) => {
    setLeaving(payment.provider);
    window.location.assign(url);
  };

  const pay = async (channel?: 'wechat_h5') => {
    setPaying(true);
    setPayError(undefined);
    try {
      const payment = await buyerApi.orders.createPayment(group.id, { channel, returnPath: returnPathOf(group.id) });
      switch (payment.channel) {
        case 'simulated':
          await buyerApi.orders.simulatePay(payment.providerPaymentId);
          break;
        case 'wechat_h5':
          leaveFor(payment, withRedirect(payment.payUrl!, group.id));
          return;
        case 'alipay_wap':
        case 'alipay_page':
          leaveFor(payment, payment.payUrl!);
          return;
        case 'wechat_native':
        case 'alipay_precreate':
          setQr(payment);
          break;
        default:
          throw new Error(t.unsupportedChannel);
      }
      poll.restart();
    } catch (error) {
      setPayError(error);
      setPaying(false);
    }
  };

  return (
    <Page title={t.payTitle} className="page-narrow">
      <SagaProgress
        steps={[
          { key: 'placed', label: t.stepPlaced },
          { key: 'reserved', label: allRejected ? t.stepRejected : t.stepReserved },
          { key: 'paying', label: t.stepPaying },
          { key: 'paid', label: cash ? t.stepCashOrdered : t.stepPaid },
        ]}
        current={current}
        pending={!poll.settled}
        slow={poll.slow}
        failed={allRejected}
      />
      {poll.error !== undefined && <ProblemMessage error={poll.error} compact />}
      {reserving(group) && <p className="muted">{t.waitingReservation}</p>}
      {allRejected && <p className="problem">{t.rejectedBody}</p>}
      {group.paymentMethod === 'cash_on_collection' && !reserving(group) && <p>{t.cashBody}</p>}
      {group.paymentMethod === 'online' && payable.length > 0 && !reserving(group) && (
        <div className="card" data-testid="pay-card">
          {deposit?.status === 'awaiting_payment' && (
            <p className="small notice" data-testid="deposit-due">
              {ts.depositDue(f.fen(deposit.depositFen!), f.fen(deposit.totalFen - deposit.depositFen!))}
            </p>
          )}
          {deposit?.status === 'awaiting_balance' && deposit.paymentDueAt ? (
            <p className="small notice" data-testid="balance-due">
              {ts.balanceDue(f.fen(deposit.totalFen - deposit.paidFen), f.dateTime(deposit.paymentDueAt))}
            </p>
          ) : (
            payable[0].paymentDueAt && <p className="small">{t.payDue(f.dateTime(payable[0].paymentDueAt))}</p>
          )}
          {searchParams.has('returned') && !qr && <p className="muted">{t.returnedChecking}</p>}
          {leaving && <p className="muted">{t.leavingForProvider(leaving)}</p>}
          {qr?.payUrl ? (
            <div className="pay-qr" data-testid="pay-qr">
              <p>{t.scanToPay(qr.provider)}</p>
              <QrCode text={qr.payUrl} label={t.qrLabel} size={200} />
              <p className="price">{f.fen(qr.amountFen)}</p>
              {qr.provider === 'wechatpay' && (
                <button type="button" className="button button-block" onClick={() => void pay('wechat_h5')}>
                  {t.payInWechatH5}
                </button>
              )}
            </div>
          ) : (
            <button
              type="button"
              className="button button-block"
              disabled={paying}
              aria-busy={paying || undefined}
              onClick={() => void pay()}
            >
              {paying ? t.paying : t.payNow(f.fen(payableFen))}
            </button>
          )}
          <ProblemMessage error={payError} />
        </div>
      )}
      {allPaid && !allRejected && (
        <p className="notice" role="status" data-testid="paid-notice">
          {cash ? t.cashOrderedBody : t.paidBody}
        </p>
      )}
      <ul className="plain-list">
        {group.orders.map((order) => (
          <li className="card" key={order.id} data-testid="group-order">
            <div className="spread">
              <strong>{order.sellerName}</strong>
              <StatusTag status={order.status} cashDue={cashDue(order)} />
            </div>
            <p className="muted small">{order.lines.map((line) => `${line.title} × ${line.quantity}`).join('，')}</p>
            <div className="spread">
              <span className="price">{f.fen(order.totalFen)}</span>
              <Link to={`/orders/${order.id}`}>{t.viewOrder} →</Link>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}

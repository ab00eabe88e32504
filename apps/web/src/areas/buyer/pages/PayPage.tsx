import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { ErrorState, Loading, Page, ProblemMessage, SagaProgress, usePoll } from '../../../ui';
import { buyerApi, PAID_OR_LATER, type OrderGroup } from '../api';
import { cashDue, StatusTag } from '../components';
import { buyerMessages } from '../messages';

const reserving = (group: OrderGroup) => group.orders.some((order) => order.status === 'placed');
const awaitingPayment = (group: OrderGroup) => group.orders.some((order) => order.status === 'awaiting_payment');

/**
 * After checkout: follows the group while catalog reserves the stock (placed → awaiting_payment or rejected),
 * pays with the simulated provider, and follows it again until the webhook has marked the orders paid.
 */
export function PayPage() {
  const { id = '' } = useParams();
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const [paying, setPaying] = useState(false);
  const [payError, setPayError] = useState<unknown>();
  const poll = usePoll(['buyer', 'PayPage.group', id], (signal) => buyerApi.orders.group(id, signal), {
    until: (group) => !reserving(group) && !(paying && awaitingPayment(group)),
  });
  const group = poll.data;
  if (!group) {
    return poll.error !== undefined ? <ErrorState error={poll.error} onRetry={poll.restart} /> : <Loading />;
  }

  const allRejected = group.orders.every((order) => order.status === 'rejected');
  // a cash order is "paid" once reserved (it ships), but nothing has been paid until the cash is taken
  const cash = group.paymentMethod === 'cash_on_collection';
  const allPaid = group.orders.every((order) => PAID_OR_LATER.includes(order.status) || order.status === 'rejected');
  const payable = group.orders.filter((order) => order.status === 'awaiting_payment');
  const payableFen = payable.reduce((sum, order) => sum + order.totalFen, 0);
  const current = allRejected
    ? 'reserved'
    : reserving(group)
      ? 'placed'
      : allPaid
        ? 'paid'
        : paying
          ? 'paying'
          : 'reserved';

  const pay = async () => {
    setPaying(true);
    setPayError(undefined);
    try {
      const payment = await buyerApi.orders.createPayment(group.id);
      await buyerApi.orders.simulatePay(payment.providerPaymentId);
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
        <div className="card">
          {payable[0].paymentDueAt && <p className="small">{t.payDue(f.dateTime(payable[0].paymentDueAt))}</p>}
          <button
            type="button"
            className="button button-block"
            disabled={paying}
            aria-busy={paying || undefined}
            onClick={() => void pay()}
          >
            {paying ? t.paying : t.payWithSimulator(f.fen(payableFen))}
          </button>
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

import { Link, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, useApi } from '../../../ui';
import { isToPack, sellerApi, type OrderDetail, type ShipmentTimeline } from '../api';
import { ClaimStatusTag, OrderStatusTag, Stars } from '../components';
import { sellerMessages } from '../messages';

/** One order as its seller sees it: lines, where it goes, what to do next, its shipment and history. */
export function OrderPage() {
  const { id = '' } = useParams();
  const t = useMessages(sellerMessages);
  const order = useApi(['seller', 'OrderPage.order', id], (signal) => sellerApi.order(id, signal));
  return (
    <Page title={t.orderTitle(id)}>
      <p>
        <Link to="/seller/orders">← {t.ordersTitle}</Link>
      </p>
      <AsyncView data={order.data} error={order.error} loading={order.loading} onRetry={order.reload}>
        {(detail) => <OrderView order={detail} />}
      </AsyncView>
    </Page>
  );
}

const DONE = ['completed', 'cancelled', 'rejected', 'returned', 'refunded'];

function OrderView({ order }: { order: OrderDetail }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const destination = order.destination;
  const next = isToPack(order)
    ? order.direction === 'up'
      ? t.nextProduce
      : t.nextGoods
    : order.status === 'placed' || order.status === 'awaiting_payment'
      ? t.nextWaiting
      : DONE.includes(order.status)
        ? t.nextDone
        : t.nextShipped;
  return (
    <>
      <section className="card" aria-labelledby="order-next">
        <div className="spread">
          <h2 id="order-next">{t.nextStep}</h2>
          <OrderStatusTag status={order.status} />
        </div>
        <p data-testid="next-step">{next}</p>
        <p className="muted small">{t.sellerActionsNote}</p>
      </section>

      <div className="grid grid-2">
        <section className="card" aria-labelledby="order-lines">
          <h2 id="order-lines">{t.lines}</h2>
          <div className="table-wrap">
            <table className="table table-stack">
              <thead>
                <tr>
                  <th scope="col">{t.title}</th>
                  <th scope="col" className="num">
                    {t.quantity}
                  </th>
                  <th scope="col" className="num">
                    {t.unitPrice}
                  </th>
                  <th scope="col" className="num">
                    {t.lineTotal}
                  </th>
                </tr>
              </thead>
              <tbody>
                {order.lines.map((line) => (
                  <tr key={line.skuId}>
                    <td data-label={t.title}>
                      <Link to={`/seller/listings/${line.listingId}`}>{line.title}</Link>
                      <br />
                      <span className="muted small">{line.spec}</span>
                    </td>
                    <td data-label={t.quantity} className="num">
                      {line.quantity}
                    </td>
                    <td data-label={t.unitPrice} className="num">
                      {f.fen(line.unitPriceFen)}
                    </td>
                    <td data-label={t.lineTotal} className="num">
                      {f.fen(line.lineTotalFen)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="facts">
            <dt>{t.total}</dt>
            <dd className="price">{f.fen(order.totalFen)}</dd>
            <dt>{t.payment}</dt>
            <dd>
              {order.paymentMethod === 'online' ? t.paymentOnline : t.paymentCash}
              {order.paidFen > 0 ? ` · ${t.paid} ${f.fen(order.paidFen)}` : ''}
              {order.refundedFen > 0 ? ` · ${t.refunded} ${f.fen(order.refundedFen)}` : ''}
            </dd>
            <dt>{t.weightTotal}</dt>
            <dd>{f.grams(order.totalWeightGrams)}</dd>
            <dt>{t.coldChain}</dt>
            <dd>
              {order.temperature.class === 'range'
                ? `${order.temperature.minC} – ${order.temperature.maxC} °C`
                : t.temperatureClass(order.temperature.class)}
            </dd>
            <dt>{t.placedAt}</dt>
            <dd>{f.dateTime(order.createdAt)}</dd>
          </dl>
          {order.priceChanged && <p className="small muted">{t.priceChanged}</p>}
        </section>

        <section className="card" aria-labelledby="order-delivery">
          <h2 id="order-delivery">{t.delivery}</h2>
          <dl className="facts">
            <dt>{t.recipient}</dt>
            <dd>{destination.recipientName}</dd>
            <dt>{t.phone}</dt>
            <dd>{destination.recipientPhone}</dd>
            {destination.agentName && (
              <>
                <dt>{t.agent}</dt>
                <dd>
                  {destination.agentName} {destination.agentPhone ?? ''}
                </dd>
              </>
            )}
            {destination.kind === 'address' && destination.address ? (
              <>
                <dt>{t.address}</dt>
                <dd>
                  {destination.address.province} {destination.address.city} {destination.address.district}{' '}
                  {destination.address.detail}
                  {destination.address.postalCode ? ` (${destination.address.postalCode})` : ''}
                </dd>
              </>
            ) : (
              <>
                <dt>{t.servicePoint}</dt>
                <dd>{t.toServicePoint}</dd>
              </>
            )}
          </dl>
        </section>
      </div>

      <Shipment orderId={order.id} paid={order.paidFen > 0 || order.paymentMethod === 'cash_on_collection'} />

      {order.excursions.length > 0 && (
        <section className="card" aria-labelledby="order-excursions">
          <h2 id="order-excursions">{t.excursions}</h2>
          <ul className="list">
            {order.excursions.map((excursion) => (
              <li key={excursion.at}>
                {f.dateTime(excursion.at)} · {excursion.readingC} °C ({excursion.minC ?? '…'} – {excursion.maxC ?? '…'}{' '}
                °C) {excursion.nodeCode ?? ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      {order.claim && (
        <section className="card" aria-labelledby="order-claim">
          <div className="spread">
            <h2 id="order-claim">{t.claimOnOrder}</h2>
            <ClaimStatusTag status={order.claim.status} />
          </div>
          <p>{order.claim.reason}</p>
          <Link to="/seller/claims">{t.claimsTitle}</Link>
        </section>
      )}

      {order.review && (
        <section className="card" aria-labelledby="order-review">
          <h2 id="order-review">{t.reviewOnOrder}</h2>
          <Stars rating={order.review.rating} />
          <p>{order.review.comment ?? t.noComment}</p>
        </section>
      )}

      <section className="card" aria-labelledby="order-history">
        <h2 id="order-history">{t.history}</h2>
        <ol className="timeline">
          {order.history.map((entry) => (
            <li key={`${entry.at}-${entry.to}`}>
              <strong>{t.orderStatus(entry.to)}</strong>{' '}
              <span className="muted small">
                {f.dateTime(entry.at)}
                {entry.reason ? ` · ${f.reason(entry.reason)}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function Shipment({ orderId, paid }: { orderId: string; paid: boolean }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const { data, error, loading, reload } = useApi(['seller', 'OrderPage.shipment', orderId, paid], (signal) =>
    paid ? sellerApi.shipment(orderId, signal) : Promise.resolve(null),
  );
  return (
    <section className="card" aria-labelledby="order-shipment">
      <h2 id="order-shipment">{t.shipment}</h2>
      <AsyncView data={data} error={error} loading={loading} onRetry={reload}>
        {(shipment: ShipmentTimeline | null) =>
          shipment ? (
            <>
              <dl className="facts">
                <dt>{t.parcel}</dt>
                <dd data-testid="parcel-code">{shipment.parcelCode}</dd>
                <dt>{t.custody}</dt>
                <dd>{shipment.custody.node?.name ?? t.custodyKind(shipment.custody.kind)}</dd>
                {shipment.path.length > 0 && (
                  <>
                    <dt>{t.route}</dt>
                    <dd>{shipment.path.map((node) => node.name).join(' → ')}</dd>
                  </>
                )}
                {shipment.routingProblem && (
                  <>
                    <dt>{t.routingProblem}</dt>
                    <dd>{shipment.routingProblem}</dd>
                  </>
                )}
              </dl>
              {shipment.scans.length > 0 && (
                <>
                  <h3>{t.scans}</h3>
                  <ol className="timeline">
                    {shipment.scans.map((scan) => (
                      <li key={scan.seq}>
                        {t.scanKind(scan.kind)} {scan.nodeName ?? ''}{' '}
                        <span className="muted small">
                          {f.dateTime(scan.at)}
                          {scan.temperatureC !== null ? ` · ${scan.temperatureC} °C` : ''}
                        </span>
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </>
          ) : (
            <p className="muted">{t.noShipment}</p>
          )
        }
      </AsyncView>
    </section>
  );
}

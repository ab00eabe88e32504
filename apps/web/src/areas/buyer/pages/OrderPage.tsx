import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import {
  ErrorState,
  fieldsByApiName,
  Loading,
  Page,
  PhotoPicker,
  PhotoStrip,
  ProblemMessage,
  QrCode,
  SelectField,
  setServerErrors,
  SubmitButton,
  TextAreaField,
  TextField,
  useApi,
  usePoll,
} from '../../../ui';
import { buyerApi, FINAL_STATUSES, PAID_OR_LATER, REMEDIES, type OrderDetail, type Remedy } from '../api';
import { cashDue, StatusTag } from '../components';
import { buyerMessages } from '../messages';
import { saleMessages } from '../saleMessages';

const CANCELLABLE = ['awaiting_payment', 'paid', 'in_fulfilment'];

function Timeline({ order }: { order: OrderDetail }) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  return (
    <ol className="timeline" data-testid="order-timeline">
      {order.history.map((entry, index) => {
        // 确认收货 is completed → completed; its reason is the service's own sentence, not the buyer's words
        const confirmation = entry.from === 'completed' && entry.to === 'completed';
        return (
          <li key={`${entry.at}-${index}`} data-status={entry.to}>
            <span className="timeline-status">
              {confirmation
                ? t.confirmReceipt
                : entry.to === 'paid' && order.paymentMethod === 'cash_on_collection'
                  ? t.cashStatus
                  : t.status(entry.to)}
            </span>
            <span className="muted small">
              {f.dateTime(entry.at)} · {t.actor(entry.actorKind)}
              {entry.reason && !confirmation ? ` · ${f.reason(entry.reason)}` : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function Shipment({ order }: { order: OrderDetail }) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const shipment = useApi(['buyer', 'OrderPage.shipmentOfOrder', order.id, order.status, order.updatedAt], (signal) =>
    buyerApi.logistics.shipmentOfOrder(order.id, signal),
  );
  if (!PAID_OR_LATER.includes(order.status)) {
    return null;
  }
  if (shipment.error instanceof ApiError && shipment.error.status === 404) {
    return <p className="muted">{t.shipmentPending}</p>;
  }
  if (shipment.error !== undefined) {
    return <ErrorState error={shipment.error} onRetry={shipment.reload} />;
  }
  if (!shipment.data) {
    return <Loading />;
  }
  const view = shipment.data;
  return (
    <section className="card" aria-labelledby="shipment-title" data-testid="shipment">
      <h2 id="shipment-title" className="card-title">
        {t.shipment}
      </h2>
      <p className="small">
        {t.parcelCode} <code>{view.parcelCode}</code>
      </p>
      {view.pickup?.code && (
        <div className="pickup" data-testid="pickup-code">
          <p className="muted small">{t.pickupCode}</p>
          <p className="pickup-code">{view.pickup.code}</p>
          <p className="small">{t.pickupWhere(view.pickup.point.name)}</p>
          {view.pickup.collectBy && <p className="small">{t.collectBy(f.dateTime(view.pickup.collectBy))}</p>}
        </div>
      )}
      {view.scans.length > 0 && (
        <ol className="timeline">
          {view.scans.map((scan) => (
            <li key={scan.seq}>
              <span className="timeline-status">
                {t.scan(scan.kind)} {scan.nodeName ?? ''}
              </span>
              <span className="muted small">
                {f.dateTime(scan.at)}
                {scan.temperatureC !== null ? ` · ${scan.temperatureC} °C` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
      {view.traceCodes.length > 0 && (
        <>
          <h3>{t.traceCodes}</h3>
          <ul className="plain-list trace-codes">
            {view.traceCodes.map((code) => (
              <li key={code}>
                <Link to={`/trace/${code}`}>
                  <QrCode text={`${window.location.origin}/trace/${code}`} label={t.traceQr(code)} size={96} />
                  <code>{code}</code>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** 确认收货: the buyer confirms a completed order's receipt once; the settlement clock starts. */
function ConfirmReceipt({ order, onDone }: { order: OrderDetail; onDone: () => void }) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  if (order.receiptConfirmedAt) {
    return <p className="card small">{t.receiptConfirmed(f.dateTime(order.receiptConfirmedAt))}</p>;
  }
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await buyerApi.orders.confirmReceipt(order.id);
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card">
      <button type="button" className="button button-block" disabled={busy} onClick={() => void confirm()}>
        {t.confirmReceipt}
      </button>
      <p className="small muted">{t.confirmReceiptHint}</p>
      <ProblemMessage error={error} />
    </div>
  );
}

/** At most this many evidence photos per claim (the server's limit too). */
const MAX_CLAIM_PHOTOS = 9;

interface ClaimFormValues {
  reason: string;
  remedy: Remedy;
  amount: string;
}

/**
 * The buyer's claim: what went wrong, the remedy wished for, and photos taken with the phone's camera. The claim is
 * sent first, then each photo (private: only the buyer, the seller and county staff see them); a photo that fails
 * can be taken again on the claim.
 */
function ClaimForm({ order, onDone }: { order: OrderDetail; onDone: (photoError?: unknown) => void }) {
  const t = useMessages(buyerMessages);
  const { register, handleSubmit, setError, watch, formState } = useForm<ClaimFormValues>({
    defaultValues: { reason: '', remedy: 'partial_refund', amount: '' },
  });
  const [photos, setPhotos] = useState<File[]>([]);
  const previews = usePreviews(photos);
  const remedy = watch('remedy');
  const send = useMutation({
    mutationFn: async (form: ClaimFormValues) => {
      const claim = await buyerApi.orders.claim(order.id, {
        reason: form.reason.trim(),
        remedy: form.remedy,
        ...(form.remedy === 'partial_refund' && form.amount && { amountFen: Math.round(Number(form.amount) * 100) }),
      });
      // the claim stands; a photo refused now is taken again on the claim
      for (const photo of photos) {
        try {
          await buyerApi.orders.addClaimPhoto(claim.id, photo);
        } catch (failure) {
          return failure;
        }
      }
      return undefined;
    },
    onSuccess: (photoError) => onDone(photoError),
    onError: (failure) =>
      setServerErrors(
        setError,
        failure,
        fieldsByApiName<ClaimFormValues>({ reason: 'reason', remedy: 'remedy', amountFen: 'amount' }),
      ),
  });
  const { errors } = formState;
  return (
    <form
      className="form card"
      onSubmit={(event) => void handleSubmit((form) => send.mutate(form))(event)}
      aria-labelledby="claim-title"
      noValidate
    >
      <h2 id="claim-title" className="card-title">
        {t.claimTitle}
      </h2>
      <TextAreaField
        label={t.claimReason}
        required
        hint={t.claimReasonHint}
        error={errors.reason?.message}
        {...register('reason')}
      />
      <SelectField label={t.claimRemedy} error={errors.remedy?.message} {...register('remedy')}>
        {REMEDIES.map((item) => (
          <option key={item} value={item}>
            {t.remedy(item)}
          </option>
        ))}
      </SelectField>
      {remedy === 'partial_refund' && (
        <TextField
          label={t.claimAmount}
          type="number"
          inputMode="decimal"
          min={0}
          step="0.01"
          required
          error={errors.amount?.message}
          {...register('amount')}
        />
      )}
      <PhotoPicker
        name="claim-photo"
        label={t.claimTakePhoto(photos.length)}
        hint={t.claimPhotosHint}
        disabled={photos.length >= MAX_CLAIM_PHOTOS || send.isPending}
        onPick={(photo) => setPhotos((current) => [...current, photo].slice(0, MAX_CLAIM_PHOTOS))}
      />
      {previews.length > 0 && (
        <div className="row listing-images" data-testid="claim-photo-previews">
          {previews.map((url, index) => (
            <button
              key={url}
              type="button"
              className="photo-remove"
              aria-label={t.claimRemovePhoto(index + 1)}
              onClick={() => setPhotos((current) => current.filter((_, at) => at !== index))}
            >
              <img src={url} alt="" width={72} height={72} />
            </button>
          ))}
        </div>
      )}
      {send.error && <ProblemMessage error={send.error} />}
      <SubmitButton busy={send.isPending} busyLabel={t.claimSending}>
        {t.claimSubmit}
      </SubmitButton>
    </form>
  );
}

/** Local previews of picked photos, released when they change or the form goes. */
function usePreviews(files: File[]): string[] {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    const made = files.map((file) => URL.createObjectURL(file));
    setUrls(made);
    return () => made.forEach((url) => URL.revokeObjectURL(url));
  }, [files]);
  return urls;
}

/** The claim as the buyer follows it, with its photos; more can be taken while it is open. */
function ClaimView({
  order,
  photoError,
  onChanged,
}: {
  order: OrderDetail;
  photoError: unknown;
  onChanged: () => void;
}) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const claim = order.claim!;
  const add = useMutation({
    mutationFn: (photo: File) => buyerApi.orders.addClaimPhoto(claim.id, photo),
    onSuccess: onChanged,
  });
  const open = claim.status !== 'resolved';
  return (
    <section className="card" aria-labelledby="claim-view-title">
      <h2 id="claim-view-title" className="card-title">
        {t.claimTitle}
      </h2>
      <p>
        <span className="tag">{t.claimStatus(claim.status)}</span>
      </p>
      <p className="small">
        {t.remedy(claim.requestedRemedy)}
        {claim.requestedAmountFen !== null ? ` ${f.fen(claim.requestedAmountFen)}` : ''} · {claim.reason}
      </p>
      <PhotoStrip photos={claim.photos} testId="claim-photos" />
      {open && claim.photoCount < MAX_CLAIM_PHOTOS && (
        <PhotoPicker
          name="claim-photo"
          label={add.isPending ? t.claimSending : t.claimAddPhoto}
          disabled={add.isPending}
          onPick={(photo) => add.mutate(photo)}
        />
      )}
      <ProblemMessage error={add.error ?? (add.isSuccess ? undefined : photoError)} />
      {claim.resolution && <p className="small">{t.claimResolution(claim.resolution)}</p>}
    </section>
  );
}

interface ReviewFormValues {
  rating: string;
  comment: string;
}

/** The buyer's review of a received order: one to five stars and an optional comment. */
function ReviewForm({ order, onDone }: { order: OrderDetail; onDone: () => void }) {
  const t = useMessages(buyerMessages);
  const { register, handleSubmit, setError, formState } = useForm<ReviewFormValues>({
    defaultValues: { rating: '5', comment: '' },
  });
  const send = useMutation({
    mutationFn: (form: ReviewFormValues) =>
      buyerApi.orders.review(order.id, {
        rating: Number(form.rating),
        ...(form.comment.trim() && { comment: form.comment.trim() }),
      }),
    onSuccess: () => onDone(),
    onError: (failure) => setServerErrors(setError, failure, fieldsByApiName<ReviewFormValues>(['rating', 'comment'])),
  });
  const { errors } = formState;
  return (
    <form
      className="form card"
      onSubmit={(event) => void handleSubmit((form) => send.mutate(form))(event)}
      aria-labelledby="review-title"
      noValidate
    >
      <h2 id="review-title" className="card-title">
        {t.reviewTitle} · {order.sellerName}
      </h2>
      <fieldset className="stars">
        <legend>{t.reviewRating}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label className="choice" key={n}>
            <input type="radio" value={String(n)} {...register('rating')} />
            {t.stars(n)}
          </label>
        ))}
        {errors.rating?.message && <p className="field-error">{errors.rating.message}</p>}
      </fieldset>
      <TextAreaField label={t.reviewComment} error={errors.comment?.message} {...register('comment')} />
      <ProblemMessage error={send.error} />
      <SubmitButton busy={send.isPending}>{t.reviewSubmit}</SubmitButton>
    </form>
  );
}

export function OrderPage() {
  const { id = '' } = useParams();
  const t = useMessages(buyerMessages);
  const ts = useMessages(saleMessages);
  const f = useFormat();
  const [cancelError, setCancelError] = useState<unknown>();
  const [claimPhotoError, setClaimPhotoError] = useState<unknown>();
  // the order moves on by itself (reservation, payment, shipment events): follow it until it is final
  // while its checkout is under way (reservation, payment) the server pushes the changes; polling after that
  const [checkout, setCheckout] = useState<string>();
  const poll = usePoll(['buyer', 'OrderPage.detail', id], (signal) => buyerApi.orders.detail(id, signal), {
    until: (order) => FINAL_STATUSES.includes(order.status),
    initialDelayMs: 1_000,
    maxDelayMs: 10_000,
    slowAfterMs: Number.POSITIVE_INFINITY,
    stream: checkout ? (signal) => buyerApi.orders.detailEvents(id, checkout, signal) : undefined,
  });
  const underWay =
    poll.data && ['placed', 'awaiting_payment'].includes(poll.data.status) ? poll.data.groupId : undefined;
  useEffect(() => setCheckout(underWay), [underWay]);
  const order = poll.data;
  if (!order) {
    return poll.error !== undefined ? <ErrorState error={poll.error} onRetry={poll.restart} /> : <Loading />;
  }
  const cancel = async () => {
    if (!window.confirm(t.cancelConfirm)) {
      return;
    }
    setCancelError(undefined);
    try {
      await buyerApi.orders.cancel(order.id);
      poll.restart();
    } catch (error) {
      setCancelError(error);
    }
  };
  const destination = order.destination;
  return (
    <Page title={t.orderTitle} documentTitle={`${t.orderTitle} ${order.id.slice(0, 8)}`}>
      <div className="card">
        <div className="spread">
          <strong>{order.sellerName}</strong>
          <StatusTag status={order.status} cashDue={cashDue(order)} />
        </div>
        <p className="muted small">
          {t.orderNo(order.id)} · {f.dateTime(order.createdAt)}
        </p>
        {order.depositFen !== null && order.paidFen > 0 && (
          <p className="small" data-testid="deposit-paid">
            {ts.depositPaid(f.fen(order.depositFen))}
          </p>
        )}
        {order.status === 'awaiting_balance' && order.paymentDueAt && (
          <p className="small notice" data-testid="balance-due">
            {ts.balanceDue(f.fen(order.totalFen - order.paidFen), f.dateTime(order.paymentDueAt))}
          </p>
        )}
        {(order.status === 'awaiting_payment' || order.status === 'awaiting_balance') && (
          <Link className="button button-block" to={`/order-groups/${order.groupId}`}>
            {order.status === 'awaiting_balance' ? ts.payBalance : t.payTitle}
          </Link>
        )}
        {order.buyingGroupId && (
          <Link className="button button-secondary button-block" to={`/groups/${order.buyingGroupId}`}>
            {ts.groupLink}
          </Link>
        )}
      </div>

      <section className="card" aria-labelledby="lines-title">
        <h2 id="lines-title" className="card-title">
          {t.lines}
        </h2>
        {order.lines.map((line) => (
          <p className="spread small" key={line.skuId}>
            <Link to={`/listings/${line.listingId}`}>
              {line.title} · {line.spec} × {line.quantity}
            </Link>
            <span>{f.fen(line.lineTotalFen)}</span>
          </p>
        ))}
        <p className="spread total-row">
          <span>{t.total}</span>
          <span className="price">{f.fen(order.totalFen)}</span>
        </p>
        {order.priceChanged && <p className="small muted">{t.priceChanged}</p>}
        {order.refunds.length > 0 && (
          <p className="small">
            {t.refunds}:{' '}
            {order.refunds.map((refund) => `${f.fen(refund.amountFen)} (${t.refundStatus(refund.status)})`).join('，')}
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="card-title">
          {t.timeline}
        </h2>
        <Timeline order={order} />
      </section>

      <section className="card" aria-labelledby="destination-title">
        <h2 id="destination-title" className="card-title">
          {t.destination}
        </h2>
        <p className="small">
          {destination.kind === 'address' && destination.address
            ? `${destination.address.province} ${destination.address.city} ${destination.address.district} ${destination.address.detail}`
            : t.servicePointPickup}
          <br />
          {destination.recipientName} {destination.recipientPhone}
        </p>
      </section>

      <Shipment order={order} />

      {order.status === 'completed' && <ConfirmReceipt order={order} onDone={poll.restart} />}
      {order.claim ? (
        <ClaimView order={order} photoError={claimPhotoError} onChanged={poll.restart} />
      ) : (
        order.status === 'completed' && (
          <ClaimForm
            order={order}
            onDone={(photoError) => {
              setClaimPhotoError(photoError);
              poll.restart();
            }}
          />
        )
      )}
      {order.review ? (
        <p className="card">{t.reviewed(order.review.rating)}</p>
      ) : (
        order.status === 'completed' && <ReviewForm order={order} onDone={poll.restart} />
      )}

      {CANCELLABLE.includes(order.status) && (
        <div>
          <button type="button" className="button button-secondary" onClick={() => void cancel()}>
            {t.cancelOrder}
          </button>
          <ProblemMessage error={cancelError} />
        </div>
      )}
    </Page>
  );
}

import { useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import {
  AsyncView,
  fieldsByApiName,
  Page,
  ProblemMessage,
  setServerErrors,
  SubmitButton,
  TextField,
  useApi,
} from '../../../ui';
import { sellerApi, type Listing, type SkuStock } from '../api';
import { Notice } from '../components';
import { sellerMessages } from '../messages';
import { wholeNumber } from '../money';

const LEDGER_SIZE = 100;

interface AdjustValues {
  kind: 'received' | 'adjusted';
  /** Received: a whole number of units in; adjusted: a signed correction. */
  delta: string;
  reason: string;
}

const adjustFieldOf = fieldsByApiName<AdjustValues>(['kind', 'delta', 'reason']);

/** One SKU's stock: figures, an adjustment (receive a delivery or correct a count, with a reason) and the ledger. */
export function SkuStockPage() {
  const { skuId = '' } = useParams();
  const t = useMessages(sellerMessages);
  const { data, error, loading, reload, setData } = useApi(['seller', 'SkuStockPage.stock', skuId], async (signal) => {
    const stock = await sellerApi.stock(skuId, LEDGER_SIZE, signal);
    return { stock, listing: await sellerApi.listing(stock.listingId, signal) };
  });
  const sku = data?.listing.skus.find((item) => item.id === skuId);
  return (
    <Page title={data && sku ? t.skuStockTitle(data.listing.title, sku.spec) : t.stockTitle}>
      <p>
        <Link to={data ? `/seller/listings/${data.listing.id}` : '/seller/stock'}>← {t.back}</Link>
      </p>
      <AsyncView data={data} error={error} loading={loading} onRetry={reload}>
        {({ stock, listing }) => (
          <StockView stock={stock} listing={listing} onChange={(next) => setData({ stock: next, listing })} />
        )}
      </AsyncView>
    </Page>
  );
}

function StockView({
  stock,
  listing,
  onChange,
}: {
  stock: SkuStock;
  listing: Listing;
  onChange: (stock: SkuStock) => void;
}) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const { register, handleSubmit, setError, reset, watch, formState } = useForm<AdjustValues>({
    defaultValues: { kind: 'received', delta: '', reason: '' },
  });
  const kind = watch('kind');
  const adjust = useMutation({
    mutationFn: (form: AdjustValues) =>
      sellerApi.adjustStock(stock.skuId, {
        delta: wholeNumber(form.delta, { signed: form.kind === 'adjusted' })!,
        reason: form.reason.trim(),
        kind: form.kind,
      }),
    onSuccess: (next, form) => {
      onChange(next);
      reset({ kind: form.kind, delta: '', reason: '' });
    },
    onError: (failure) => setServerErrors(setError, failure, adjustFieldOf),
  });
  const { errors } = formState;
  const removed = listing.status === 'removed';

  return (
    <>
      <div className="figures" data-testid="stock-figures">
        {(
          [
            ['available', t.available, stock.available],
            ['reserved', t.reserved, stock.reserved],
            ['onhand', t.onHand, stock.available + stock.reserved],
            ['sold', t.sold, stock.sold],
          ] as const
        ).map(([key, label, value]) => (
          <div className="card figure" key={key} data-figure={key}>
            <span className="figure-value">{value}</span>
            <span className="figure-label">{label}</span>
          </div>
        ))}
      </div>
      <p className="muted small">
        {t.received} {stock.received} · {t.restocked} {stock.restocked}
      </p>

      {!removed && (
        <section className="card" aria-labelledby="stock-adjust">
          <h2 id="stock-adjust">{t.adjust}</h2>
          {adjust.isSuccess && <Notice>{t.saved}</Notice>}
          <form
            className="form"
            onSubmit={(event) => void handleSubmit((form) => adjust.mutate(form))(event)}
            noValidate
            data-testid="stock-form"
          >
            <fieldset>
              <legend>{t.adjustKind}</legend>
              {(['received', 'adjusted'] as const).map((value) => (
                <label className="choice" key={value}>
                  <input type="radio" value={value} {...register('kind')} />
                  <span>{value === 'received' ? t.kindReceived : t.kindAdjusted}</span>
                </label>
              ))}
            </fieldset>
            <div className="form-columns">
              <TextField
                id="stock-quantity"
                label={kind === 'received' ? t.quantityIn : t.delta}
                hint={kind === 'adjusted' ? t.deltaHint : undefined}
                required
                inputMode={kind === 'received' ? 'numeric' : 'text'}
                error={errors.delta?.message}
                {...register('delta', {
                  validate: (value, form) => {
                    const delta = wholeNumber(value, { signed: form.kind === 'adjusted' });
                    return (delta !== null && delta !== 0) || t.invalidQuantity;
                  },
                })}
              />
              <TextField
                id="stock-reason"
                label={t.reason}
                hint={t.reasonHint}
                required
                maxLength={200}
                error={errors.reason?.message}
                {...register('reason')}
              />
            </div>
            {adjust.error && <ProblemMessage error={adjust.error} />}
            <div className="form-actions">
              <SubmitButton busy={adjust.isPending} busyLabel={t.saving}>
                {t.adjustSubmit}
              </SubmitButton>
            </div>
          </form>
        </section>
      )}

      <section className="card" aria-labelledby="stock-ledger">
        <h2 id="stock-ledger">{t.ledger}</h2>
        {stock.movements.length === 0 ? (
          <p className="muted">{t.noMovements}</p>
        ) : (
          <div className="table-wrap">
            <table className="table table-stack" data-testid="ledger">
              <thead>
                <tr>
                  <th scope="col">{t.at}</th>
                  <th scope="col">{t.adjustKind}</th>
                  <th scope="col" className="num">
                    {t.change}
                  </th>
                  <th scope="col">{t.reason}</th>
                  <th scope="col" className="num">
                    {t.after}
                  </th>
                </tr>
              </thead>
              <tbody>
                {stock.movements.map((movement) => (
                  <tr key={movement.id}>
                    <td data-label={t.at}>{f.dateTime(movement.at)}</td>
                    <td data-label={t.adjustKind}>{t.movementKind(movement.kind)}</td>
                    <td data-label={t.change} className="num">
                      {movement.quantity > 0 ? `+${movement.quantity}` : movement.quantity}
                    </td>
                    <td data-label={t.reason}>
                      {movement.reason ??
                        (movement.orderId ? (
                          <Link to={`/seller/orders/${movement.orderId}`}>{t.orderNo(movement.orderId)}</Link>
                        ) : (
                          ''
                        ))}
                    </td>
                    <td data-label={t.after} className="num">
                      {movement.availableAfter} / {movement.reservedAfter} / {movement.soldAfter}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

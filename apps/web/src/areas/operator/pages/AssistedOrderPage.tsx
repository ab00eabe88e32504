import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { newIdempotencyKey } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  fieldsByApiName,
  Page,
  ProblemMessage,
  setServerErrors,
  SubmitButton,
  TextField,
  useApi,
} from '../../../ui';
import { operatorApi, type AssistedOrderBody, type ListingSummary, type PaymentMethod } from '../api';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

const MOBILE = /^1[3-9]\d{9}$/;

/** Step 2: the chosen product's SKUs and how many. */
function SkuPicker({
  listingId,
  skuId,
  onSku,
  quantity,
  onQuantity,
}: {
  listingId: string;
  skuId: string | undefined;
  onSku: (skuId: string, priceFen: number) => void;
  quantity: number;
  onQuantity: (quantity: number) => void;
}) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const listing = useApi(['operator', 'AssistedOrderPage.listing', listingId], (signal) =>
    operatorApi.listing(listingId, signal),
  );
  return (
    <AsyncView data={listing.data} error={listing.error} loading={listing.loading} onRetry={listing.reload}>
      {(found) => (
        <>
          <fieldset>
            <legend>{t.chooseSku}</legend>
            {found.skus.map((sku) => (
              <label key={sku.id} className="choice op-choice-big">
                <input
                  type="radio"
                  name="sku"
                  value={sku.id}
                  checked={skuId === sku.id}
                  disabled={sku.available <= 0}
                  onChange={() => onSku(sku.id, sku.priceFen)}
                />
                <span>
                  {sku.spec} · <span className="price">{f.fen(sku.priceFen)}</span>
                  <br />
                  <span className="muted small">{t.available(sku.available)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <span className="op-label" id="quantity-label">
              {t.quantity}
            </span>
            <div className="op-stepper" role="group" aria-labelledby="quantity-label">
              <button
                type="button"
                className="button button-secondary"
                aria-label={t.less}
                disabled={quantity <= 1}
                onClick={() => onQuantity(quantity - 1)}
              >
                −
              </button>
              <input
                name="quantity"
                inputMode="numeric"
                aria-labelledby="quantity-label"
                value={quantity}
                onChange={(event) => onQuantity(Math.max(1, Math.min(999, Number(event.target.value) || 1)))}
              />
              <button
                type="button"
                className="button button-secondary"
                aria-label={t.more}
                disabled={quantity >= 999}
                onClick={() => onQuantity(quantity + 1)}
              >
                +
              </button>
            </div>
          </div>
        </>
      )}
    </AsyncView>
  );
}

/** The villager's part of the assisted order (the goods are chosen above it). */
interface VillagerForm {
  villagerName: string;
  villagerPhone: string;
  paymentMethod: PaymentMethod;
}

const villagerFieldOf = fieldsByApiName<VillagerForm>({
  'villager.name': 'villagerName',
  'villager.phone': 'villagerPhone',
  paymentMethod: 'paymentMethod',
});

/**
 * An order for a villager: find the goods (catalog, goods going down to the villages of this county), the SKU and
 * quantity, the villager's name and phone, online payment or cash at collection. The parcel comes to this point.
 */
export function AssistedOrderPage() {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const navigate = useNavigate();
  const { current } = useNode();
  const [draftQuery, setDraftQuery] = useState('');
  const [query, setQuery] = useState('');
  const results = useApi(['operator', 'AssistedOrderPage.search', query, current.countyCode], (signal) =>
    operatorApi.search({ q: query || undefined, countyCode: current.countyCode, direction: 'down', limit: 20 }, signal),
  );
  const [listing, setListing] = useState<ListingSummary>();
  const [sku, setSku] = useState<{ id: string; priceFen: number }>();
  const [quantity, setQuantity] = useState(1);
  const { register, handleSubmit, watch, setError, formState } = useForm<VillagerForm>({
    defaultValues: { villagerName: '', villagerPhone: '', paymentMethod: 'cash_on_collection' },
  });
  const place = useMutation({
    mutationFn: ({ body, key }: { body: AssistedOrderBody; key: string }) => operatorApi.placeAssisted(body, key),
    onSuccess: (group) => {
      const [order] = group.orders;
      void navigate(order ? `/operator/orders/${order.id}` : '/operator/orders');
    },
    onError: (failure) => setServerErrors(setError, failure, villagerFieldOf),
  });
  // one key per distinct basket: a retry of the same basket is answered, not placed twice
  const idempotency = useRef<{ key: string; body: string } | null>(null);
  const skuSection = useRef<HTMLDivElement>(null);

  const choose = (chosen: ListingSummary) => {
    setListing(chosen);
    setSku(undefined);
    setQuantity(1);
    window.setTimeout(() => skuSection.current?.querySelector<HTMLElement>('h2')?.focus(), 0);
  };

  const [name, phone] = watch(['villagerName', 'villagerPhone']);
  const phoneError = phone && !MOBILE.test(phone) ? t.mobileFormat : undefined;
  const ready = Boolean(sku) && name.trim() !== '' && MOBILE.test(phone);

  const onSubmit = handleSubmit((form) => {
    if (!sku || !ready || place.isPending) {
      return;
    }
    const body: AssistedOrderBody = {
      servicePointOrgId: current.orgId,
      villager: { name: form.villagerName.trim(), phone: form.villagerPhone },
      lines: [{ skuId: sku.id, quantity }],
      paymentMethod: form.paymentMethod,
    };
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) {
      idempotency.current = { key: newIdempotencyKey(), body: text };
    }
    place.mutate({ body, key: idempotency.current.key });
  });
  const phoneField = register('villagerPhone');

  return (
    <Page title={t.assistTitle}>
      <p className="muted small">{t.assistIntro}</p>
      <h2>{t.stepGoods}</h2>
      <form
        className="op-search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(draftQuery.trim());
        }}
      >
        <label htmlFor="goods-q" className="visually-hidden">
          {t.searchGoods}
        </label>
        <input
          id="goods-q"
          name="q"
          type="search"
          placeholder={t.searchGoodsPlaceholder}
          value={draftQuery}
          onChange={(event) => setDraftQuery(event.target.value)}
        />
        <button type="submit" className="button">
          {t.search}
        </button>
      </form>
      <AsyncView
        data={results.data}
        error={results.error}
        loading={results.loading}
        onRetry={results.reload}
        isEmpty={(page) => page.items.length === 0}
        empty={<EmptyState title={t.noGoods} />}
      >
        {(page) => (
          <ul className="op-goods">
            {page.items.map((item) => (
              <li key={item.id} className={`op-good${listing?.id === item.id ? ' op-good-chosen' : ''}`}>
                <div>
                  <strong>{item.title}</strong>
                  <p className="muted small">
                    {item.sellerName} · <span className="price">{f.fen(item.minPriceFen)}</span>
                  </p>
                </div>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-pressed={listing?.id === item.id}
                  onClick={() => choose(item)}
                >
                  {listing?.id === item.id ? t.chosen : t.choose}
                </button>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>

      {listing && (
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <div ref={skuSection}>
            <h2 tabIndex={-1}>{t.stepSku(listing.title)}</h2>
            <SkuPicker
              listingId={listing.id}
              skuId={sku?.id}
              onSku={(id, priceFen) => setSku({ id, priceFen })}
              quantity={quantity}
              onQuantity={setQuantity}
            />
          </div>
          <h2>{t.stepVillager}</h2>
          <TextField
            label={t.villagerName}
            autoComplete="off"
            maxLength={50}
            required
            error={formState.errors.villagerName?.message}
            {...register('villagerName')}
          />
          <TextField
            label={t.villagerPhone}
            hint={phoneError ?? t.villagerPhoneHint}
            type="tel"
            inputMode="numeric"
            autoComplete="off"
            maxLength={11}
            required
            error={formState.errors.villagerPhone?.message}
            {...phoneField}
            onChange={(event) => {
              event.target.value = event.target.value.replace(/\D/g, '').slice(0, 11);
              void phoneField.onChange(event);
            }}
          />
          <fieldset>
            <legend>{t.paymentMethod}</legend>
            {(['cash_on_collection', 'online'] as const).map((method) => (
              <label key={method} className="choice op-choice-big">
                <input type="radio" value={method} {...register('paymentMethod')} />
                <span>
                  {t.payment(method)}
                  <br />
                  <span className="muted small">{t.paymentHint(method)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {sku && (
            <p className="spread op-total">
              <span>{t.total}</span>
              <span className="price">{f.fen(sku.priceFen * quantity)}</span>
            </p>
          )}
          <ProblemMessage error={place.error} />
          <SubmitButton
            busy={place.isPending || place.isSuccess}
            busyLabel={t.working}
            className="button op-button-big"
            disabled={!ready}
          >
            {t.placeOrder}
          </SubmitButton>
        </form>
      )}
    </Page>
  );
}

import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { fieldErrorOf, newIdempotencyKey } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import { useSession } from '../../../session';
import { Page, ProblemMessage, SelectField, SubmitButton, TextField, useApi } from '../../../ui';
import { buyerApi, type CheckoutBody, type PaymentMethod } from '../api';
import { basket, basketTotalFen, useBasket } from '../basket';
import { buyerMessages } from '../messages';

const KEY_STORAGE = 'cf.checkout-key';

/**
 * The Idempotency-Key of this basket and destination: the same body keeps its key (a retry after a lost answer
 * gets the same order group back, never a second one), a changed body gets a new one (orders refuses a reused key
 * with another body).
 */
function keyFor(body: CheckoutBody): string {
  const json = JSON.stringify(body);
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY_STORAGE) ?? 'null') as { json: string; key: string } | null;
    if (stored?.json === json) {
      return stored.key;
    }
    const key = newIdempotencyKey();
    sessionStorage.setItem(KEY_STORAGE, JSON.stringify({ json, key }));
    return key;
  } catch {
    return newIdempotencyKey();
  }
}

export function CheckoutPage() {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const lines = useBasket();
  const { me } = useSession();
  const navigate = useNavigate();
  const [kind, setKind] = useState<'address' | 'service_point'>('address');
  const [address, setAddress] = useState({ province: '', city: '', district: '', detail: '', postalCode: '' });
  const [recipientName, setRecipientName] = useState(me?.name ?? '');
  const [recipientPhone, setRecipientPhone] = useState(me?.phone ?? '');
  const [countyCode, setCountyCode] = useState(lines[0]?.countyCode ?? '');
  const [servicePointOrgId, setServicePointOrgId] = useState('');
  const [consent, setConsent] = useState(false);
  const [paymentMethod, setPaymentMethod] = useState<PaymentMethod>('online');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const placed = useRef(false);
  const points = useApi(['buyer', 'CheckoutPage.villagePoints', kind, countyCode], (signal) =>
    kind === 'service_point' && /^\d{6}$/.test(countyCode)
      ? buyerApi.logistics.villagePoints(countyCode, signal)
      : Promise.resolve([]),
  );

  if (lines.length === 0 && !placed.current) {
    return <Navigate to="/basket" replace />;
  }

  const fieldError = (field: string) => fieldErrorOf(error, field);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body: CheckoutBody = {
      lines: lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity })),
      destination:
        kind === 'address'
          ? {
              kind,
              address: {
                province: address.province.trim(),
                city: address.city.trim(),
                district: address.district.trim(),
                detail: address.detail.trim(),
                ...(address.postalCode.trim() && { postalCode: address.postalCode.trim() }),
              },
              recipientName: recipientName.trim(),
              recipientPhone: recipientPhone.trim(),
            }
          : {
              kind,
              servicePointOrgId,
              consentToStationDelivery: consent,
              recipientName: recipientName.trim(),
              recipientPhone: recipientPhone.trim(),
            },
      paymentMethod: kind === 'service_point' ? paymentMethod : 'online',
    };
    setBusy(true);
    setError(undefined);
    try {
      const group = await buyerApi.orders.checkout(body, keyFor(body));
      placed.current = true;
      basket.clear();
      sessionStorage.removeItem(KEY_STORAGE);
      void navigate(`/order-groups/${group.id}`, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Page title={t.checkoutTitle} className="page-narrow">
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset>
          <legend>{t.deliverTo}</legend>
          <label className="choice">
            <input
              type="radio"
              name="kind"
              value="address"
              checked={kind === 'address'}
              onChange={() => setKind('address')}
            />
            {t.toAddress}
          </label>
          <label className="choice">
            <input
              type="radio"
              name="kind"
              value="service_point"
              checked={kind === 'service_point'}
              onChange={() => setKind('service_point')}
            />
            {t.toServicePoint}
          </label>
        </fieldset>

        {kind === 'address' ? (
          <>
            <div className="pair">
              <TextField
                label={t.province}
                name="province"
                required
                autoComplete="address-level1"
                value={address.province}
                onChange={(event) => setAddress({ ...address, province: event.target.value })}
                error={fieldError('destination.address.province')}
              />
              <TextField
                label={t.city}
                name="city"
                required
                autoComplete="address-level2"
                value={address.city}
                onChange={(event) => setAddress({ ...address, city: event.target.value })}
                error={fieldError('destination.address.city')}
              />
            </div>
            <TextField
              label={t.district}
              name="district"
              required
              autoComplete="address-level3"
              value={address.district}
              onChange={(event) => setAddress({ ...address, district: event.target.value })}
              error={fieldError('destination.address.district')}
            />
            <TextField
              label={t.detail}
              name="detail"
              required
              autoComplete="street-address"
              value={address.detail}
              onChange={(event) => setAddress({ ...address, detail: event.target.value })}
              error={fieldError('destination.address.detail')}
            />
            <TextField
              label={t.postalCode}
              name="postalCode"
              inputMode="numeric"
              autoComplete="postal-code"
              value={address.postalCode}
              onChange={(event) => setAddress({ ...address, postalCode: event.target.value })}
              error={fieldError('destination.address.postalCode')}
            />
          </>
        ) : (
          <>
            <TextField
              label={t.servicePointCounty}
              name="countyCode"
              inputMode="numeric"
              value={countyCode}
              onChange={(event) => setCountyCode(event.target.value.trim())}
            />
            <SelectField
              label={t.servicePoint}
              name="servicePointOrgId"
              required
              value={servicePointOrgId}
              onChange={(event) => setServicePointOrgId(event.target.value)}
              error={fieldError('destination.servicePointOrgId')}
              hint={points.data && points.data.length === 0 ? t.noServicePoints : undefined}
            >
              <option value="">{t.servicePointChoose}</option>
              {(points.data ?? [])
                .filter((point) => point.active && point.operatorOrgId)
                .map((point) => (
                  <option key={point.id} value={point.operatorOrgId!}>
                    {point.name} · {point.openingHours}
                  </option>
                ))}
            </SelectField>
            <label className="choice">
              <input
                type="checkbox"
                name="consent"
                checked={consent}
                onChange={(event) => setConsent(event.target.checked)}
              />
              {t.consent}
            </label>
            <SelectField
              label={t.payment}
              name="paymentMethod"
              value={paymentMethod}
              onChange={(event) => setPaymentMethod(event.target.value as PaymentMethod)}
            >
              <option value="online">{t.payOnline}</option>
              <option value="cash_on_collection">{t.payCash}</option>
            </SelectField>
          </>
        )}
        <TextField
          label={t.recipientName}
          name="recipientName"
          required
          autoComplete="name"
          value={recipientName}
          onChange={(event) => setRecipientName(event.target.value)}
          error={fieldError('destination.recipientName')}
        />
        <TextField
          label={t.recipientPhone}
          name="recipientPhone"
          type="tel"
          required
          inputMode="numeric"
          autoComplete="tel"
          value={recipientPhone}
          onChange={(event) => setRecipientPhone(event.target.value)}
          error={fieldError('destination.recipientPhone')}
        />

        <div className="card">
          {lines.map((line) => (
            <p className="spread small" key={line.skuId}>
              <span>
                {line.title} · {line.spec} × {line.quantity}
              </span>
              <span>{f.fen(line.priceFen * line.quantity)}</span>
            </p>
          ))}
          <p className="spread total-row">
            <span>{t.total}</span>
            <span className="price">{f.fen(basketTotalFen(lines))}</span>
          </p>
          <p className="muted small">{t.ordersPerSeller}</p>
        </div>
        <ProblemMessage error={error} />
        <SubmitButton busy={busy} busyLabel={t.placing} className="button button-block">
          {t.placeOrder}
        </SubmitButton>
        <Link to="/basket" className="center">
          ← {t.basketTitle}
        </Link>
      </form>
    </Page>
  );
}

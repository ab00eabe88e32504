import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import type { Place, NetworkNode as VillagePoint } from '../../../api';
import { newIdempotencyKey } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import { useSession } from '../../../session';
import {
  Page,
  PlaceName,
  ProblemMessage,
  SelectField,
  setServerErrors,
  SubmitButton,
  TextField,
  useApi,
} from '../../../ui';
import { AddressForm, addressLine } from '../AddressForm';
import { buyerApi, type Address, type CheckoutBody, type PaymentMethod } from '../api';
import { basket, basketTotalFen, useBasket } from '../basket';
import { CouponPicker, pickerMessages } from '../CouponPicker';
import { buyerMessages } from '../messages';
import { pendingSale, type PendingSale } from '../sale';
import { saleMessages } from '../saleMessages';

const KEY_STORAGE = 'cf.checkout-key';
/** The service point this browser chose last: offered first, and chosen already, next time. */
const POINT_STORAGE = 'cf.checkout-point';

function lastPoint(): string {
  try {
    return localStorage.getItem(POINT_STORAGE) ?? '';
  } catch {
    return '';
  }
}

interface PointGroup {
  label: string;
  points: VillagePoint[];
}

/**
 * The county's open village points grouped by town (a point's code begins with its town's 9-digit code), towns and
 * points in code order as the statistics bureau numbers them, the point chosen last time in a group of its own first.
 */
function groupPoints(
  points: VillagePoint[],
  towns: Place[],
  last: string,
  lastLabel: string,
  own?: { village: string; label: string },
): PointGroup[] {
  const open = points
    .filter((point) => point.active && point.operatorOrgId)
    .sort((a, b) => a.code.localeCompare(b.code) || a.name.localeCompare(b.name, 'zh-CN'));
  const groups: PointGroup[] = [];
  // the point of the buyer's own village (her default address's village) first, then the one used last
  const mine = own ? open.filter((point) => point.code === own.village) : [];
  if (own && mine.length > 0) {
    groups.push({ label: own.label, points: mine });
  }
  const chosen = open.filter((point) => point.operatorOrgId === last && !mine.includes(point));
  if (chosen.length > 0) {
    groups.push({ label: lastLabel, points: chosen });
  }
  for (const point of open.filter((each) => each.operatorOrgId !== last && !mine.includes(each))) {
    const town = towns.find((each) => point.code.startsWith(each.code));
    const label = town?.name ?? point.code.slice(0, 9);
    const group = groups.find((each) => each.label === label);
    if (group) {
      group.points.push(point);
    } else {
      groups.push({ label, points: [point] });
    }
  }
  return groups;
}

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

/** A pre-sale's or group's one line is placed through its own call, with the destination the form chose. */
function placeSale(sale: PendingSale, body: CheckoutBody) {
  const order = { quantity: sale.line.quantity, destination: body.destination };
  const key = keyFor(body);
  if (sale.kind === 'presale') {
    return buyerApi.sales.orderPresale(sale.id, order, key);
  }
  return sale.kind === 'start'
    ? buyerApi.sales.startGroup(sale.id, order, key)
    : buyerApi.sales.joinGroup(sale.id, order, key);
}

/** The checkout form's fields, named as the inputs are (the API's paths are mapped by fieldOf). */
interface CheckoutForm {
  kind: 'address' | 'service_point';
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string;
  /** The division an address of the book was picked by ('' when typed in). */
  placeCode: string;
  servicePointOrgId: string;
  consent: boolean;
  paymentMethod: PaymentMethod;
  recipientName: string;
  recipientPhone: string;
}

/** `destination.address.city` → `city`, `destination.recipientName` → `recipientName`, …; others stay in the list. */
const fieldOf = (apiField: string): keyof CheckoutForm | undefined => {
  const name = apiField.replace(/^destination\.(address\.)?/, '');
  const fields: (keyof CheckoutForm)[] = [
    'province',
    'city',
    'district',
    'detail',
    'postalCode',
    'servicePointOrgId',
    'recipientName',
    'recipientPhone',
  ];
  return fields.find((field) => field === name);
};

/** The form's typed address fields filled from an address of the book (town and village go before the detail). */
function fromBook(form: CheckoutForm, address: Address | undefined): CheckoutForm {
  if (!address) {
    return form;
  }
  const named = (level: string) => address.places.find((place) => place.level === level)?.name ?? '';
  return {
    ...form,
    province: named('province'),
    city: named('city') || named('province'),
    district: named('county'),
    detail: `${named('town')}${named('village')}${address.detail}`,
    postalCode: '',
    placeCode: address.placeCode,
    recipientName: address.recipientName,
    recipientPhone: address.recipientPhone,
  };
}

function bodyOf(
  form: CheckoutForm,
  lines: { skuId: string; quantity: number }[],
  couponClaimIds: string[],
): CheckoutBody {
  const recipient = { recipientName: form.recipientName.trim(), recipientPhone: form.recipientPhone.trim() };
  return {
    lines: lines.map((line) => ({ skuId: line.skuId, quantity: line.quantity })),
    destination:
      form.kind === 'address'
        ? {
            kind: form.kind,
            address: {
              province: form.province.trim(),
              city: form.city.trim(),
              district: form.district.trim(),
              detail: form.detail.trim(),
              ...(form.postalCode.trim() && { postalCode: form.postalCode.trim() }),
              // an address of the book: the order keeps its village (or town, county) code beside the text
              ...(form.placeCode && { placeCode: form.placeCode }),
            },
            ...recipient,
          }
        : {
            kind: form.kind,
            servicePointOrgId: form.servicePointOrgId,
            consentToStationDelivery: form.consent,
            ...recipient,
          },
    paymentMethod: form.kind === 'service_point' ? form.paymentMethod : 'online',
    ...(couponClaimIds.length > 0 && { couponClaimIds }),
  };
}

export function CheckoutPage() {
  const t = useMessages(buyerMessages);
  const p = useMessages(pickerMessages);
  const f = useFormat();
  const ts = useMessages(saleMessages);
  const [params] = useSearchParams();
  // `?sale=1`: one line on a pre-sale's or group's terms (from the listing or group page), not the basket
  const [sale] = useState(() => (params.get('sale') ? pendingSale.get() : null));
  const basketLines = useBasket();
  const lines = sale ? [sale.line] : basketLines;
  /** The coupons the buyer picked (claim ids), sent with the quote and the checkout. */
  const [couponClaimIds, pickCoupons] = useState<string[]>([]);
  const { me } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { register, handleSubmit, watch, setError, clearErrors, formState } = useForm<CheckoutForm>({
    defaultValues: {
      kind: 'address',
      province: '',
      city: '',
      district: '',
      detail: '',
      postalCode: '',
      placeCode: '',
      servicePointOrgId: lastPoint(),
      consent: false,
      paymentMethod: 'online',
      recipientName: me?.name ?? '',
      recipientPhone: me?.phone ?? '',
    },
  });
  const kind = watch('kind');
  const book = useApi(['buyer', 'addresses'], (signal) => buyerApi.addresses.list(signal));
  /** The address of the book chosen ('' to type one in); until the buyer chooses, her default. */
  const [chosenId, choose] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const addresses = book.data ?? [];
  const defaultAddress = addresses.find((address) => address.isDefault);
  const chosen =
    kind === 'address' ? addresses.find((address) => address.id === (chosenId ?? defaultAddress?.id)) : undefined;
  const ownVillage = defaultAddress?.placeCode.length === 12 ? defaultAddress.placeCode : undefined;
  // pickup points near the buyer: her own county (her default address's); the seller's while she has no address
  const countyCode = book.loading ? '' : (defaultAddress?.placeCode.slice(0, 6) ?? lines[0]?.countyCode ?? '');
  const placed = useRef(false);
  const points = useApi(['buyer', 'CheckoutPage.villagePoints', kind, countyCode], (signal) =>
    kind === 'service_point' && /^\d{6}$/.test(countyCode)
      ? buyerApi.logistics.villagePoints(countyCode, signal)
      : Promise.resolve([]),
  );
  const towns = useApi(['buyer', 'CheckoutPage.towns', kind, countyCode], (signal) =>
    kind === 'service_point' && /^\d{6}$/.test(countyCode)
      ? buyerApi.places.towns(countyCode, signal)
      : Promise.resolve([]),
  );
  const form = fromBook(watch(), chosen);
  const quoteBody = bodyOf(form, lines, couponClaimIds);
  // each seller's freight to where it goes, before paying (the server's quote; nothing shown until it can answer)
  const quote = useApi(['buyer', 'CheckoutPage.quote', JSON.stringify(quoteBody)], () =>
    (form.kind === 'address' ? form.province.trim() !== '' : form.servicePointOrgId !== '')
      ? // a coupon's refusal (its threshold, stacking) is shown; other quote failures leave the basket's sum
        buyerApi.orders.quote(quoteBody).catch((failure: unknown) => {
          if (couponClaimIds.length > 0) {
            throw failure;
          }
          return null;
        })
      : Promise.resolve(null),
  );
  const checkout = useMutation({
    mutationFn: (body: CheckoutBody) => (sale ? placeSale(sale, body) : buyerApi.orders.checkout(body, keyFor(body))),
    onSuccess: (group, body) => {
      placed.current = true;
      if (body.destination.kind === 'service_point') {
        try {
          localStorage.setItem(POINT_STORAGE, body.destination.servicePointOrgId ?? '');
        } catch {
          // private mode: not remembered
        }
      }
      if (sale) {
        pendingSale.clear();
      } else {
        basket.clear();
      }
      sessionStorage.removeItem(KEY_STORAGE);
      void queryClient.invalidateQueries({ queryKey: ['buyer'] });
      void navigate(`/order-groups/${group.id}`, { replace: true });
    },
    onError: (failure) => setServerErrors(setError, failure, fieldOf),
  });

  if (lines.length === 0 && !placed.current) {
    return <Navigate to="/basket" replace />;
  }

  const fieldError = (field: keyof CheckoutForm) => formState.errors[field]?.message;
  const onSubmit = handleSubmit((form) => {
    clearErrors();
    checkout.mutate(bodyOf(fromBook(form, chosen), lines, couponClaimIds));
  });

  return (
    <Page title={t.checkoutTitle} className="page-narrow">
      {kind === 'address' && adding && (
        // outside the checkout form: a form inside a form would submit both
        <AddressForm
          onSaved={(saved) => {
            setAdding(false);
            choose(saved.id);
            book.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset>
          <legend>{t.deliverTo}</legend>
          <label className="choice">
            <input type="radio" value="address" {...register('kind')} />
            {t.toAddress}
          </label>
          <label className="choice">
            <input type="radio" value="service_point" {...register('kind')} />
            {t.toServicePoint}
          </label>
        </fieldset>

        {kind === 'address' && addresses.length > 0 && (
          <SelectField
            label={t.addressChoose}
            name="addressId"
            value={chosen?.id ?? ''}
            onChange={(event) => choose(event.target.value)}
          >
            {addresses.map((address) => (
              <option key={address.id} value={address.id}>
                {address.isDefault ? `[${t.addressDefault}] ` : ''}
                {addressLine(address)}
              </option>
            ))}
            <option value="">{t.addressTypeIn}</option>
          </SelectField>
        )}
        {kind === 'address' && !adding && (
          <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
            {t.addressAdd}
          </button>
        )}
        {kind === 'address' ? (
          chosen ? null : (
            <>
              <div className="pair">
                <TextField
                  label={t.province}
                  required
                  autoComplete="address-level1"
                  error={fieldError('province')}
                  {...register('province')}
                />
                <TextField
                  label={t.city}
                  required
                  autoComplete="address-level2"
                  error={fieldError('city')}
                  {...register('city')}
                />
              </div>
              <TextField
                label={t.district}
                required
                autoComplete="address-level3"
                error={fieldError('district')}
                {...register('district')}
              />
              <TextField
                label={t.detail}
                required
                autoComplete="street-address"
                error={fieldError('detail')}
                {...register('detail')}
              />
              <TextField
                label={t.postalCode}
                inputMode="numeric"
                autoComplete="postal-code"
                error={fieldError('postalCode')}
                {...register('postalCode')}
              />
            </>
          )
        ) : (
          <>
            <p className="small" data-testid="service-point-county">
              {t.servicePointCounty} <PlaceName code={countyCode} from="county" />
            </p>
            <SelectField
              label={t.servicePoint}
              required
              error={fieldError('servicePointOrgId')}
              {...register('servicePointOrgId')}
              hint={points.data && points.data.length === 0 ? t.noServicePoints : undefined}
            >
              <option value="">{t.servicePointChoose}</option>
              {groupPoints(
                points.data ?? [],
                towns.data ?? [],
                lastPoint(),
                t.servicePointLast,
                ownVillage ? { village: ownVillage, label: t.servicePointMyVillage } : undefined,
              ).map((group) => (
                <optgroup key={group.label} label={group.label}>
                  {group.points.map((point) => (
                    <option key={point.id} value={point.operatorOrgId!}>
                      {point.name} · {point.openingHours}
                    </option>
                  ))}
                </optgroup>
              ))}
            </SelectField>
            <label className="choice">
              <input type="checkbox" {...register('consent')} />
              {t.consent}
            </label>
            {!sale && (
              <SelectField label={t.payment} {...register('paymentMethod')}>
                <option value="online">{t.payOnline}</option>
                <option value="cash_on_collection">{t.payCash}</option>
              </SelectField>
            )}
          </>
        )}
        {!chosen && (
          <>
            <TextField
              label={t.recipientName}
              required
              autoComplete="name"
              error={fieldError('recipientName')}
              {...register('recipientName')}
            />
            <TextField
              label={t.recipientPhone}
              type="tel"
              required
              inputMode="numeric"
              autoComplete="tel"
              error={fieldError('recipientPhone')}
              {...register('recipientPhone')}
            />
          </>
        )}

        {/* a pre-sale's or group's price is its own offer: coupons are for the basket's checkout */}
        {!sale && (
          <CouponPicker
            listingIds={[...new Set(lines.map((line) => line.listingId))]}
            sellers={[...new Set(lines.map((line) => line.sellerOrgId))]}
            counties={[...new Set(lines.map((line) => line.countyCode))]}
            picked={couponClaimIds}
            onPick={pickCoupons}
          />
        )}
        <ProblemMessage error={quote.error} />
        <div className="card">
          {sale && (
            <p className="tag" data-testid="checkout-sale">
              {sale.kind === 'presale' ? ts.checkoutPresale : ts.checkoutGroup}
            </p>
          )}
          {lines.map((line) => (
            <p className="spread small" key={line.skuId}>
              <span>
                {line.title} · {line.spec} × {line.quantity}
              </span>
              <span>{f.fen(line.priceFen * line.quantity)}</span>
            </p>
          ))}
          {quote.data?.sellers.map((seller) => (
            <p className="spread small" key={seller.sellerOrgId} data-testid="seller-freight">
              <span>{t.freightOf(seller.sellerName)}</span>
              <span>{seller.freightFen === 0 ? t.freightFree : f.fen(seller.freightFen)}</span>
            </p>
          ))}
          {quote.data && quote.data.discountFen > 0 && (
            <p className="spread small" data-testid="discount">
              <span>{p.discount}</span>
              <span className="price">−{f.fen(quote.data.discountFen)}</span>
            </p>
          )}
          <p className="spread total-row">
            <span>{t.total}</span>
            <span className="price">
              {f.fen(
                sale
                  ? basketTotalFen(lines) + (quote.data?.freightFen ?? 0)
                  : (quote.data?.totalFen ?? basketTotalFen(lines)),
              )}
            </span>
          </p>
          <p className="muted small">{t.ordersPerSeller}</p>
        </div>
        <ProblemMessage error={checkout.error} />
        <SubmitButton busy={checkout.isPending} busyLabel={t.placing} className="button button-block">
          {t.placeOrder}
        </SubmitButton>
        <Link to="/basket" className="center">
          ← {t.basketTitle}
        </Link>
      </form>
    </Page>
  );
}

import { useState } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { api, type Listing, type Schemas } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, ProblemMessage, SelectField, SubmitButton, TextField, useApi } from '../../../ui';
import { sellerApi } from '../api';
import { yuanToFen } from '../money';
import { useSellerOrg } from '../org';
import { sellerSaleMessages } from '../saleMessages';

type Presale = Schemas['OrdersPresaleResponseDto'];
type GroupDeal = Schemas['OrdersGroupDealResponseDto'];
type Harvest = Schemas['OrdersHarvestResponseDto'];

const salesApi = {
  presales: (orgId: string, signal?: AbortSignal) =>
    api.get<Presale[]>('orders', `/sellers/${encodeURIComponent(orgId)}/presales`, undefined, { signal }),
  groupDeals: (orgId: string, signal?: AbortSignal) =>
    api.get<GroupDeal[]>('orders', `/sellers/${encodeURIComponent(orgId)}/group-deals`, undefined, { signal }),
  createPresale: (body: Schemas['OrdersPresaleCreateDto']) => api.post<Presale>('orders', '/presales', body),
  createGroupDeal: (body: Schemas['OrdersGroupDealCreateDto']) => api.post<GroupDeal>('orders', '/group-deals', body),
  harvest: (id: string, harvestedUnits: number) =>
    api.post<Harvest>('orders', `/presales/${encodeURIComponent(id)}/harvest`, { harvestedUnits }),
};

/** Every SKU of the seller's listings, as "title · spec". */
function skuOptions(listings: Listing[]): { id: string; label: string }[] {
  return listings.flatMap((listing) =>
    listing.skus.map((sku) => ({ id: sku.id, label: `${listing.title} · ${sku.spec}` })),
  );
}

interface PresaleForm {
  skuId: string;
  price: string;
  deposit: string;
  balanceHours: string;
  cap: string;
  shipsFrom: string;
  shipsTo: string;
  closesAt: string;
}

function PresaleCreate({ skus, onCreated }: { skus: { id: string; label: string }[]; onCreated: () => void }) {
  const t = useMessages(sellerSaleMessages);
  const [error, setError] = useState<unknown>();
  const { register, handleSubmit, formState, reset } = useForm<PresaleForm>({
    defaultValues: {
      skuId: '',
      price: '',
      deposit: '',
      balanceHours: '48',
      cap: '',
      shipsFrom: '',
      shipsTo: '',
      closesAt: '',
    },
  });
  const submit = handleSubmit(async (form) => {
    setError(undefined);
    const priceFen = yuanToFen(form.price);
    const depositFen = yuanToFen(form.deposit);
    try {
      await salesApi.createPresale({
        skuId: form.skuId,
        ...(priceFen ? { priceFen } : {}),
        ...(depositFen ? { depositFen, balanceHours: Number(form.balanceHours) || 48 } : {}),
        capUnits: Number(form.cap),
        shipsFrom: form.shipsFrom,
        shipsTo: form.shipsTo,
        closesAt: new Date(form.closesAt).toISOString(),
      });
      reset();
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  });
  return (
    <form className="form card" onSubmit={(event) => void submit(event)} data-testid="presale-form">
      <h2>{t.presaleNew}</h2>
      <SkuSelect skus={skus} field={register('skuId', { required: true })} />
      <div className="pair">
        <TextField label={t.price} inputMode="decimal" {...register('price')} />
        <TextField label={t.cap} required inputMode="numeric" {...register('cap', { required: true })} />
      </div>
      <div className="pair">
        <TextField label={t.deposit} inputMode="decimal" {...register('deposit')} />
        <TextField label={t.balanceHours} inputMode="numeric" {...register('balanceHours')} />
      </div>
      <p className="muted small">{t.depositRule}</p>
      <TextField label={t.shipsFrom} type="date" required {...register('shipsFrom', { required: true })} />
      <TextField label={t.shipsTo} type="date" required {...register('shipsTo', { required: true })} />
      <TextField label={t.closesAt} type="datetime-local" required {...register('closesAt', { required: true })} />
      {Object.keys(formState.errors).length > 0 && <p className="problem">{t.invalid}</p>}
      <ProblemMessage error={error} />
      <SubmitButton busy={formState.isSubmitting} className="button button-block">
        {t.create}
      </SubmitButton>
    </form>
  );
}

/** The seller's SKU an offer (a pre-sale, a group deal) is for. */
function SkuSelect({ skus, field }: { skus: { id: string; label: string }[]; field: UseFormRegisterReturn }) {
  const t = useMessages(sellerSaleMessages);
  return (
    <SelectField label={t.sku} required {...field}>
      <option value="">{t.chooseSku}</option>
      {skus.map((sku) => (
        <option key={sku.id} value={sku.id}>
          {sku.label}
        </option>
      ))}
    </SelectField>
  );
}

interface GroupForm {
  skuId: string;
  price: string;
  size: string;
  minutes: string;
}

function GroupDealCreate({ skus, onCreated }: { skus: { id: string; label: string }[]; onCreated: () => void }) {
  const t = useMessages(sellerSaleMessages);
  const [error, setError] = useState<unknown>();
  const { register, handleSubmit, formState, reset } = useForm<GroupForm>({
    defaultValues: { skuId: '', price: '', size: '3', minutes: '60' },
  });
  const submit = handleSubmit(async (form) => {
    setError(undefined);
    try {
      await salesApi.createGroupDeal({
        skuId: form.skuId,
        groupPriceFen: yuanToFen(form.price) ?? 0,
        groupSize: Number(form.size),
        windowMinutes: Number(form.minutes),
      });
      reset();
      onCreated();
    } catch (failure) {
      setError(failure);
    }
  });
  return (
    <form className="form card" onSubmit={(event) => void submit(event)} data-testid="group-deal-form">
      <h2>{t.groupNew}</h2>
      <SkuSelect skus={skus} field={register('skuId', { required: true })} />
      <TextField label={t.groupPrice} required inputMode="decimal" {...register('price', { required: true })} />
      <div className="pair">
        <TextField label={t.groupSize} required inputMode="numeric" {...register('size', { required: true })} />
        <TextField label={t.windowMinutes} required inputMode="numeric" {...register('minutes', { required: true })} />
      </div>
      {Object.keys(formState.errors).length > 0 && <p className="problem">{t.invalid}</p>}
      <ProblemMessage error={error} />
      <SubmitButton busy={formState.isSubmitting} className="button button-block">
        {t.create}
      </SubmitButton>
    </form>
  );
}

function PresaleItem({ presale, onChanged }: { presale: Presale; onChanged: () => void }) {
  const t = useMessages(sellerSaleMessages);
  const f = useFormat();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<Harvest>();
  const { register, handleSubmit, formState } = useForm<{ units: string }>({ defaultValues: { units: '' } });
  const submit = handleSubmit(async (form) => {
    setError(undefined);
    try {
      setDone(await salesApi.harvest(presale.id, Number(form.units)));
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  });
  return (
    <li className="card" data-testid="seller-presale">
      <p>
        <strong>
          {presale.title} · {presale.spec}
        </strong>{' '}
        <span className="price">
          {f.fen(presale.priceFen)}
          {presale.depositFen !== null && <small> · {t.depositOf(f.fen(presale.depositFen))}</small>}
        </span>
      </p>
      <p className="small">
        {t.ordered(presale.orderedUnits, presale.capUnits)} ·{' '}
        {t.shipping(f.date(presale.shipsFrom), f.date(presale.shipsTo))}
      </p>
      {presale.status === 'harvested' ? (
        <p className="small" data-testid="presale-harvested">
          {t.harvested(presale.harvestedUnits ?? 0, presale.releasedUnits)}
        </p>
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)}>
          <TextField label={t.harvestUnits} required inputMode="numeric" {...register('units', { required: true })} />
          <ProblemMessage error={error} />
          <SubmitButton busy={formState.isSubmitting} className="button">
            {t.recordHarvest}
          </SubmitButton>
        </form>
      )}
      {done && (
        <p className="notice" role="status" data-testid="harvest-done">
          {presale.depositFen !== null
            ? t.harvestDoneDeposit(done.releasedOrders, done.refundedOrders)
            : t.harvestDone(done.releasedOrders, done.refundedOrders)}
        </p>
      )}
    </li>
  );
}

/** The seller's pre-sales (预售: create, record the harvest) and group deals (拼团). */
export function SalesOffersPage() {
  const t = useMessages(sellerSaleMessages);
  const { org } = useSellerOrg();
  const listings = useApi(['seller', 'SalesOffersPage.listings', org.orgId], (signal) =>
    sellerApi.listings(org.orgId, undefined, signal),
  );
  const presales = useApi(['seller', 'SalesOffersPage.presales', org.orgId], (signal) =>
    salesApi.presales(org.orgId, signal),
  );
  const deals = useApi(['seller', 'SalesOffersPage.groupDeals', org.orgId], (signal) =>
    salesApi.groupDeals(org.orgId, signal),
  );
  const skus = skuOptions(listings.data ?? []);
  return (
    <Page title={t.title}>
      <p className="muted">{t.intro}</p>
      <PresaleCreate skus={skus} onCreated={presales.reload} />
      <section>
        <h2>{t.presales}</h2>
        <AsyncView {...presales} onRetry={presales.reload}>
          {(found) =>
            found.length === 0 ? (
              <p className="muted">{t.noPresales}</p>
            ) : (
              <ul className="plain-list">
                {found.map((presale) => (
                  <PresaleItem key={presale.id} presale={presale} onChanged={presales.reload} />
                ))}
              </ul>
            )
          }
        </AsyncView>
      </section>
      <GroupDealCreate skus={skus} onCreated={deals.reload} />
      <section>
        <h2>{t.groupDeals}</h2>
        <AsyncView {...deals} onRetry={deals.reload}>
          {(found) =>
            found.length === 0 ? (
              <p className="muted">{t.noGroupDeals}</p>
            ) : (
              <ul className="plain-list">
                {found.map((deal) => (
                  <li key={deal.id} className="card" data-testid="seller-group-deal">
                    {deal.title} · {deal.spec} · {t.groupTerms(deal.groupSize, deal.windowMinutes)}
                  </li>
                ))}
              </ul>
            )
          }
        </AsyncView>
      </section>
    </Page>
  );
}

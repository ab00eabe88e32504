import { useMutation } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { api, dataOf, type Schemas } from '../api';
import { defineMessages, useFormat, useMessages } from '../i18n';
import { SelectField, setServerErrors, SubmitButton, TextField } from './forms';
import { ProblemMessage } from './ProblemMessage';

/*
 * Coupons (满减) and campaigns, shared by the county console, the seller console and the buyer's checkout
 * (docs/orders.md "Coupons and campaigns"): the calls, the coupon form, a coupon's card.
 */

export type Coupon = Schemas['OrdersCouponResponseDto'];
export type CouponClaim = Schemas['OrdersCouponClaimResponseDto'];
export type Campaign = Schemas['OrdersCampaignResponseDto'];
export type CouponBody = Schemas['OrdersCouponCreateDto'];
export type CampaignBody = Schemas['OrdersCampaignCreateDto'];
export type CouponChanges = Schemas['OrdersCouponUpdateDto'];
export type CampaignChanges = Schemas['OrdersCampaignUpdateDto'];

export const couponApi = {
  claimable: (listingIds: string[], signal?: AbortSignal): Promise<Coupon[]> =>
    listingIds.length === 0
      ? Promise.resolve([])
      : dataOf(api.http.GET('/api/orders/coupons/claimable', { params: { query: { listingId: listingIds } }, signal })),
  mine: (signal?: AbortSignal): Promise<CouponClaim[]> => dataOf(api.http.GET('/api/orders/me/coupons', { signal })),
  claim: (couponId: string): Promise<CouponClaim> =>
    dataOf(api.http.POST('/api/orders/coupons/{id}/claims', { params: { path: { id: couponId } } })),
  countyCoupons: (countyCode: string, signal?: AbortSignal): Promise<Coupon[]> =>
    dataOf(api.http.GET('/api/orders/counties/{countyCode}/coupons', { params: { path: { countyCode } }, signal })),
  createCountyCoupon: (countyCode: string, body: CouponBody): Promise<Coupon> =>
    dataOf(api.http.POST('/api/orders/counties/{countyCode}/coupons', { params: { path: { countyCode } }, body })),
  campaigns: (countyCode: string, signal?: AbortSignal): Promise<Campaign[]> =>
    dataOf(api.http.GET('/api/orders/counties/{countyCode}/campaigns', { params: { path: { countyCode } }, signal })),
  createCampaign: (countyCode: string, body: CampaignBody): Promise<Campaign> =>
    dataOf(api.http.POST('/api/orders/counties/{countyCode}/campaigns', { params: { path: { countyCode } }, body })),
  sellerCoupons: (orgId: string, signal?: AbortSignal): Promise<Coupon[]> =>
    dataOf(api.http.GET('/api/orders/sellers/{orgId}/coupons', { params: { path: { orgId } }, signal })),
  createSellerCoupon: (orgId: string, body: CouponBody): Promise<Coupon> =>
    dataOf(api.http.POST('/api/orders/sellers/{orgId}/coupons', { params: { path: { orgId } }, body })),
  platformCoupons: (signal?: AbortSignal): Promise<Coupon[]> =>
    dataOf(api.http.GET('/api/orders/platform/coupons', { signal })),
  createPlatformCoupon: (body: CouponBody): Promise<Coupon> =>
    dataOf(api.http.POST('/api/orders/platform/coupons', { body })),
  updateCoupon: (id: string, body: CouponChanges): Promise<Coupon> =>
    dataOf(api.http.PATCH('/api/orders/coupons/{id}', { params: { path: { id } }, body })),
  stopCoupon: (id: string): Promise<Coupon> =>
    dataOf(api.http.POST('/api/orders/coupons/{id}/stop', { params: { path: { id } } })),
  updateCampaign: (id: string, body: CampaignChanges): Promise<Campaign> =>
    dataOf(api.http.PATCH('/api/orders/campaigns/{id}', { params: { path: { id } }, body })),
  stopCampaign: (id: string): Promise<Campaign> =>
    dataOf(api.http.POST('/api/orders/campaigns/{id}/stop', { params: { path: { id } } })),
};

export const couponMessages = defineMessages(
  {
    couponsTitle: '优惠券',
    couponNew: '发一张满减券',
    couponTitle: '券的名称',
    threshold: '满（元）',
    amountOff: '减（元）',
    validFrom: '开始日期',
    validUntil: '结束日期',
    totalLimit: '一共发多少张',
    perBuyerLimit: '每人限领',
    campaign: '属于哪个活动',
    campaignNone: '不属于活动（全县商品可用）',
    issue: '发券',
    issuing: '正在发券…',
    issued: (issued: number, total: number) => `已领 ${issued} / ${total} 张`,
    rule: (threshold: string, amount: string) => `满 ${threshold} 减 ${amount}`,
    until: (date: string) => `${date} 前有效`,
    funderPlatform: '平台补贴',
    funderCounty: '县里补贴',
    funderSeller: '店铺优惠',
    claim: '领取',
    claimed: '已领取',
    use: '使用这张券',
    noCoupons: '还没有发过券',
    yuanHint: '如 100 或 9.90',
    stopped: '已停发',
    stop: '停发',
    confirmStop: '确认停发？停发后不能再领，已领的券到期前仍可使用。',
    stopYes: '确认停发',
    edit: '修改',
    save: '保存',
    cancel: '取消',
    termsLocked: '已有人领取：门槛、金额和有效期不能再改，只能改名称和总数。',
  },
  {
    couponsTitle: 'Coupons',
    couponNew: 'Issue an amount-off coupon',
    couponTitle: 'Coupon name',
    threshold: 'Spend at least (¥)',
    amountOff: 'Take off (¥)',
    validFrom: 'From',
    validUntil: 'Until',
    totalLimit: 'How many in all',
    perBuyerLimit: 'Per buyer',
    campaign: 'Campaign',
    campaignNone: "No campaign (all the county's goods)",
    issue: 'Issue',
    issuing: 'Issuing…',
    issued: (issued: number, total: number) => `${issued} of ${total} claimed`,
    rule: (threshold: string, amount: string) => `${amount} off ${threshold}`,
    until: (date: string) => `valid until ${date}`,
    funderPlatform: 'Platform-funded',
    funderCounty: 'County-funded',
    funderSeller: 'Shop discount',
    claim: 'Claim',
    claimed: 'Claimed',
    use: 'Use this coupon',
    noCoupons: 'No coupons issued yet',
    yuanHint: 'e.g. 100 or 9.90',
    stopped: 'Stopped',
    stop: 'Stop',
    confirmStop: 'Stop it? Nobody can claim it any more; coupons already claimed stay usable until they expire.',
    stopYes: 'Stop the coupon',
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    termsLocked: 'Already claimed: the threshold, amount and dates stay; only the name and the total can change.',
  },
);

const YUAN = /^\d{1,6}(\.\d{1,2})?$/;
/** "12.5" → 1250 fen, exactly (no floating point). */
export function yuanToFen(text: string): number {
  const [whole, part = ''] = text.trim().split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

/** A China Standard Time day as the start or the end of that day. */
export const dayStart = (day: string): string => `${day}T00:00:00+08:00`;
export const dayEnd = (day: string): string => `${day}T23:59:59+08:00`;

/** Who pays for the coupon, in the user's words. */
export function useFunderWord(): (funder: Coupon['funder']) => string {
  const t = useMessages(couponMessages);
  return (funder) => (funder === 'platform' ? t.funderPlatform : funder === 'county' ? t.funderCounty : t.funderSeller);
}

/** A coupon as a line: 满 100 减 10 · who funds it · valid until · (claimed counts for its issuer). */
export function CouponCard({
  coupon,
  forIssuer,
  onChanged,
  children,
}: {
  coupon: Coupon;
  /** The issuer's view: how many were claimed, and 修改 / 停发 (then `onChanged` after a change). */
  forIssuer?: boolean;
  onChanged?: () => void;
  children?: ReactNode;
}) {
  const t = useMessages(couponMessages);
  const f = useFormat();
  const funder = useFunderWord();
  return (
    <div className="card coupon" data-testid="coupon">
      <p className="spread">
        <strong>{coupon.title}</strong>
        <span className="price">{t.rule(f.fen(coupon.thresholdFen), f.fen(coupon.amountFen))}</span>
      </p>
      <p className="muted small">
        {funder(coupon.funder)}
        {coupon.campaignName ? ` · ${coupon.campaignName}` : ''} · {t.until(f.date(coupon.validUntil))}
        {forIssuer ? ` · ${t.issued(coupon.issuedCount, coupon.totalLimit)}` : ''}
        {coupon.stoppedAt ? ` · ${t.stopped}` : ''}
      </p>
      {children}
      {forIssuer && !coupon.stoppedAt && <IssuerControls coupon={coupon} onChanged={onChanged} />}
    </div>
  );
}

interface CouponEditValues {
  title: string;
  totalLimit: string;
  threshold: string;
  amount: string;
}

/**
 * The issuer's 修改 and 停发 under a coupon: the name and the total at any time; the threshold and the amount only
 * while nobody has claimed it (the server guards the same, 409 coupon-terms-claimed).
 */
function IssuerControls({ coupon, onChanged }: { coupon: Coupon; onChanged?: () => void }) {
  const t = useMessages(couponMessages);
  const [mode, setMode] = useState<'idle' | 'edit' | 'stop'>('idle');
  const locked = coupon.issuedCount > 0;
  const { register, handleSubmit, setError, formState } = useForm<CouponEditValues>({
    defaultValues: {
      title: coupon.title,
      totalLimit: String(coupon.totalLimit),
      threshold: (coupon.thresholdFen / 100).toFixed(2),
      amount: (coupon.amountFen / 100).toFixed(2),
    },
  });
  const done = () => {
    setMode('idle');
    onChanged?.();
  };
  const save = useMutation({
    mutationFn: (values: CouponEditValues) =>
      couponApi.updateCoupon(coupon.id, {
        title: values.title.trim(),
        totalLimit: Number(values.totalLimit),
        ...(!locked && { thresholdFen: yuanToFen(values.threshold), amountFen: yuanToFen(values.amount) }),
      }),
    onSuccess: done,
    onError: (failure) => setServerErrors(setError, failure, (field) => EDIT_FIELDS[field]),
  });
  const stop = useMutation({ mutationFn: () => couponApi.stopCoupon(coupon.id), onSuccess: done });
  const error = (field: keyof CouponEditValues) => formState.errors[field]?.message;
  const yuan = { pattern: { value: YUAN, message: t.yuanHint }, required: true };
  if (mode === 'edit') {
    return (
      <form
        className="form"
        noValidate
        aria-label={t.edit}
        onSubmit={(event) => void handleSubmit((values) => save.mutate(values))(event)}
      >
        <TextField label={t.couponTitle} required error={error('title')} {...register('title', { required: true })} />
        <TextField
          label={t.totalLimit}
          inputMode="numeric"
          required
          error={error('totalLimit')}
          {...register('totalLimit')}
        />
        {locked ? (
          <p className="muted small">{t.termsLocked}</p>
        ) : (
          <div className="pair">
            <TextField
              label={t.threshold}
              inputMode="decimal"
              error={error('threshold')}
              {...register('threshold', yuan)}
            />
            <TextField label={t.amountOff} inputMode="decimal" error={error('amount')} {...register('amount', yuan)} />
          </div>
        )}
        <ProblemMessage error={save.error} />
        <div className="row">
          <SubmitButton busy={save.isPending}>{t.save}</SubmitButton>
          <button type="button" className="button button-secondary" onClick={() => setMode('idle')}>
            {t.cancel}
          </button>
        </div>
      </form>
    );
  }
  if (mode === 'stop') {
    return (
      <ConfirmStop
        label={t.stop}
        text={t.confirmStop}
        yes={t.stopYes}
        mutation={stop}
        onCancel={() => setMode('idle')}
      />
    );
  }
  return (
    <div className="row">
      <button type="button" className="button button-small button-secondary" onClick={() => setMode('edit')}>
        {t.edit}
      </button>
      <button type="button" className="button button-small button-secondary" onClick={() => setMode('stop')}>
        {t.stop}
      </button>
    </div>
  );
}

/** "Stop it?" with the consequence, a confirming button and 取消 (a coupon's 停发, a campaign's 停止活动). */
export function ConfirmStop({
  label,
  text,
  yes,
  mutation,
  onCancel,
}: {
  label: string;
  text: string;
  yes: string;
  mutation: { mutate: () => void; isPending: boolean; error: unknown };
  onCancel: () => void;
}) {
  const t = useMessages(couponMessages);
  return (
    <div className="notice" role="alertdialog" aria-label={label}>
      <p>{text}</p>
      <ProblemMessage error={mutation.error} />
      <div className="row">
        <button type="button" className="button" disabled={mutation.isPending} onClick={() => mutation.mutate()}>
          {yes}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t.cancel}
        </button>
      </div>
    </div>
  );
}

const EDIT_FIELDS: Record<string, keyof CouponEditValues | undefined> = {
  title: 'title',
  totalLimit: 'totalLimit',
  thresholdFen: 'threshold',
  amountFen: 'amount',
};

interface CouponFormValues {
  title: string;
  threshold: string;
  amount: string;
  validFrom: string;
  validUntil: string;
  totalLimit: string;
  perBuyerLimit: string;
  campaignId: string;
}

/** The API's field names → the form's. */
const COUPON_FIELDS: Record<string, keyof CouponFormValues | undefined> = {
  title: 'title',
  thresholdFen: 'threshold',
  amountFen: 'amount',
  validFrom: 'validFrom',
  validUntil: 'validUntil',
  totalLimit: 'totalLimit',
  perBuyerLimit: 'perBuyerLimit',
};

/** The form a county or a seller issues a coupon with; `campaigns` offered to county staff only. */
export function CouponForm({
  issue,
  campaigns,
  onIssued,
}: {
  issue: (body: CouponBody) => Promise<Coupon>;
  campaigns?: Campaign[];
  onIssued: () => void;
}) {
  const t = useMessages(couponMessages);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const { register, handleSubmit, setError, reset, formState } = useForm<CouponFormValues>({
    defaultValues: {
      title: '',
      threshold: '',
      amount: '',
      validFrom: today,
      validUntil: today,
      totalLimit: '100',
      perBuyerLimit: '1',
      campaignId: '',
    },
  });
  const mutation = useMutation({
    mutationFn: (values: CouponFormValues) =>
      issue({
        title: values.title.trim(),
        thresholdFen: yuanToFen(values.threshold),
        amountFen: yuanToFen(values.amount),
        validFrom: dayStart(values.validFrom),
        validUntil: dayEnd(values.validUntil),
        totalLimit: Number(values.totalLimit),
        perBuyerLimit: Number(values.perBuyerLimit),
        ...(values.campaignId && { campaignId: values.campaignId }),
      }),
    onSuccess: () => {
      reset();
      onIssued();
    },
    onError: (failure) => setServerErrors(setError, failure, (field) => COUPON_FIELDS[field]),
  });
  const error = (field: keyof CouponFormValues) => formState.errors[field]?.message;
  const yuan = { pattern: { value: YUAN, message: t.yuanHint }, required: true };
  return (
    <form
      className="form card"
      noValidate
      onSubmit={(event) => void handleSubmit((values) => mutation.mutate(values))(event)}
      aria-label={t.couponNew}
    >
      <h2>{t.couponNew}</h2>
      <TextField label={t.couponTitle} required error={error('title')} {...register('title', { required: true })} />
      <div className="pair">
        <TextField
          label={t.threshold}
          inputMode="decimal"
          required
          hint={t.yuanHint}
          error={error('threshold')}
          {...register('threshold', yuan)}
        />
        <TextField
          label={t.amountOff}
          inputMode="decimal"
          required
          error={error('amount')}
          {...register('amount', yuan)}
        />
      </div>
      <div className="pair">
        <TextField label={t.validFrom} type="date" required error={error('validFrom')} {...register('validFrom')} />
        <TextField label={t.validUntil} type="date" required error={error('validUntil')} {...register('validUntil')} />
      </div>
      <div className="pair">
        <TextField
          label={t.totalLimit}
          inputMode="numeric"
          required
          error={error('totalLimit')}
          {...register('totalLimit')}
        />
        <TextField
          label={t.perBuyerLimit}
          inputMode="numeric"
          required
          error={error('perBuyerLimit')}
          {...register('perBuyerLimit')}
        />
      </div>
      {campaigns && (
        <SelectField label={t.campaign} {...register('campaignId')}>
          <option value="">{t.campaignNone}</option>
          {campaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.name}
            </option>
          ))}
        </SelectField>
      )}
      <ProblemMessage error={mutation.error} />
      <SubmitButton busy={mutation.isPending} busyLabel={t.issuing}>
        {t.issue}
      </SubmitButton>
    </form>
  );
}

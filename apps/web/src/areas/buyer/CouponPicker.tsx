import { useMutation } from '@tanstack/react-query';
import { defineMessages, useMessages } from '../../i18n';
import { ProblemMessage, useApi } from '../../ui';
import { CouponCard, couponApi, couponMessages, type Coupon, type CouponClaim } from '../../ui/coupons';

export const pickerMessages = defineMessages(
  {
    title: '优惠券',
    none: '这些商品现在没有可领的券',
    hint: '每单可用一张平台或县里的券，每个店铺再用一张店铺券。',
    discount: '优惠',
  },
  {
    title: 'Coupons',
    none: 'No coupons to claim for these goods now',
    hint: 'One platform or county coupon per order, plus one shop coupon per shop.',
    discount: 'Discount',
  },
);

/**
 * The basket's coupons at checkout (领券 and 用券): every coupon claimable now for its listings, claimed with one
 * tap, and the buyer's available ones to tick; `picked` are the claims the quote and the checkout send.
 */
export function CouponPicker({
  listingIds,
  sellers,
  counties,
  picked,
  onPick,
}: {
  listingIds: string[];
  /** The basket's sellers and their counties. */
  sellers: string[];
  counties: string[];
  picked: string[];
  onPick: (claimIds: string[]) => void;
}) {
  const t = useMessages(pickerMessages);
  const c = useMessages(couponMessages);
  const claimable = useApi(['buyer', 'CouponPicker.claimable', listingIds.join(',')], (signal) =>
    couponApi.claimable(listingIds, signal),
  );
  const mine = useApi(['buyer', 'CouponPicker.mine'], (signal) => couponApi.mine(signal));
  const claim = useMutation({
    mutationFn: (couponId: string) => couponApi.claim(couponId),
    onSuccess: (claimed) => {
      mine.reload();
      claimable.reload();
      onPick([...picked, claimed.id]);
    },
  });
  const available = (mine.data ?? []).filter((each) => each.state === 'available');
  const claimOf = (couponId: string): CouponClaim | undefined => available.find((each) => each.coupon.id === couponId);
  // coupons already claimed that apply here but are no longer claimable (sold out, or the limit reached)
  const shown = [
    ...(claimable.data ?? []),
    ...available
      .map((each) => each.coupon)
      .filter((coupon) => !(claimable.data ?? []).some((other) => other.id === coupon.id)),
  ];
  // a claimed coupon no longer claimable (sold out, limit reached) still shows where it may apply
  const applies = (coupon: Coupon) =>
    (claimable.data ?? []).some((other) => other.id === coupon.id) ||
    coupon.scope === 'platform' ||
    (coupon.scope === 'county' && counties.includes(coupon.countyCode ?? '')) ||
    (coupon.scope === 'seller' && sellers.includes(coupon.sellerOrgId ?? ''));
  return (
    <fieldset className="coupon-picker" data-testid="coupon-picker">
      <legend>{t.title}</legend>
      <p className="muted small">{t.hint}</p>
      {shown.length === 0 && !claimable.loading && <p className="muted small">{t.none}</p>}
      {shown.filter(applies).map((coupon) => {
        const claimed = claimOf(coupon.id);
        return (
          <CouponCard key={coupon.id} coupon={coupon}>
            {claimed ? (
              <label className="choice">
                <input
                  type="checkbox"
                  checked={picked.includes(claimed.id)}
                  onChange={(event) =>
                    onPick(event.target.checked ? [...picked, claimed.id] : picked.filter((id) => id !== claimed.id))
                  }
                />
                {c.use}
              </label>
            ) : (
              <button
                type="button"
                className="button button-small button-secondary"
                disabled={claim.isPending}
                onClick={() => claim.mutate(coupon.id)}
              >
                {c.claim}
              </button>
            )}
          </CouponCard>
        );
      })}
      <ProblemMessage error={claim.error} />
    </fieldset>
  );
}

import { useMutation } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { defineMessages, useMessages } from '../../i18n';
import { useSession } from '../../session';
import { ProblemMessage, useApi } from '../../ui';
import { CouponCard, couponApi, couponMessages } from '../../ui/coupons';

export const claimMessages = defineMessages(
  {
    title: '领券',
    signIn: '登录后领券',
    mine: '我的优惠券',
  },
  {
    title: 'Coupons',
    signIn: 'Sign in to claim',
    mine: 'My coupons',
  },
);

/**
 * 领券 on a listing page: the coupons that apply to it and can be claimed now (the shop's, the county's, its
 * campaigns', the platform's), each claimed with one tap; claimed ones wait in 我的优惠券 for checkout.
 */
export function ClaimCoupons({ listingIds }: { listingIds: string[] }) {
  const t = useMessages(claimMessages);
  const c = useMessages(couponMessages);
  const { me } = useSession();
  const { pathname } = useLocation();
  const claimable = useApi(['buyer', 'ClaimCoupons.claimable', listingIds.join(',')], (signal) =>
    couponApi.claimable(listingIds, signal),
  );
  const mine = useApi(['buyer', 'ClaimCoupons.mine', me?.id ?? ''], (signal) =>
    me ? couponApi.mine(signal) : Promise.resolve([]),
  );
  const claim = useMutation({
    mutationFn: (couponId: string) => couponApi.claim(couponId),
    onSuccess: () => {
      mine.reload();
      claimable.reload();
    },
  });
  const coupons = claimable.data ?? [];
  if (coupons.length === 0) {
    return null;
  }
  const held = (couponId: string) =>
    (mine.data ?? []).some((each) => each.coupon.id === couponId && each.state === 'available');
  return (
    <section className="card" aria-labelledby="claim-coupons" data-testid="claim-coupons">
      <h2 id="claim-coupons" className="spread">
        {t.title}
        {me && (
          <Link className="small" to="/coupons">
            {t.mine}
          </Link>
        )}
      </h2>
      {coupons.map((coupon) => (
        <CouponCard key={coupon.id} coupon={coupon}>
          {!me ? (
            <Link className="button button-small button-secondary" to={`/login?next=${encodeURIComponent(pathname)}`}>
              {t.signIn}
            </Link>
          ) : held(coupon.id) ? (
            <span className="tag">{c.claimed}</span>
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
      ))}
      <ProblemMessage error={claim.error} />
    </section>
  );
}

import { Link } from 'react-router';
import { defineMessages, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { CouponCard, couponApi, type Coupon, type CouponClaim } from '../../../ui/coupons';

const STATES: CouponClaim['state'][] = ['available', 'used', 'expired'];

const messages = defineMessages(
  {
    title: '我的优惠券',
    empty: '还没有领过券',
    emptyHint: '在商品页的“领券”里领取，结算时勾选使用。',
    state: (state: CouponClaim['state']) => ({ available: '可使用', used: '已使用', expired: '已过期' })[state],
    count: (n: number) => `${n} 张`,
    wherePlatform: '全平台商品可用',
    whereCounty: (county: string) => `${county} 县的商品可用`,
    whereSeller: '仅限发券店铺的商品',
    whereCampaign: (name: string) => `仅限“${name}”活动商品`,
    shop: '去店铺看看',
    order: '查看订单',
  },
  {
    title: 'My coupons',
    empty: 'No coupons claimed yet',
    emptyHint: 'Claim them under "Coupons" on a listing; tick one at checkout to use it.',
    state: (state: CouponClaim['state']) => ({ available: 'Usable', used: 'Used', expired: 'Expired' })[state],
    count: (n: number) => `${n}`,
    wherePlatform: "Valid on every seller's goods",
    whereCounty: (county: string) => `Valid on goods from county ${county}`,
    whereSeller: "Valid on the issuing shop's goods only",
    whereCampaign: (name: string) => `Valid on the listings of "${name}" only`,
    shop: 'Visit the shop',
    order: 'See the order',
  },
);

/** Where a coupon applies, in the buyer's words. */
function useWhere(): (coupon: Coupon) => string {
  const t = useMessages(messages);
  return (coupon) =>
    coupon.campaignName
      ? t.whereCampaign(coupon.campaignName)
      : coupon.scope === 'platform'
        ? t.wherePlatform
        : coupon.scope === 'county'
          ? t.whereCounty(coupon.countyCode ?? '')
          : t.whereSeller;
}

/** 我的优惠券: the buyer's claimed coupons by state (usable, used, expired), each with where it applies. */
export function MyCouponsPage() {
  const t = useMessages(messages);
  const where = useWhere();
  const mine = useApi(['buyer', 'MyCouponsPage'], (signal) => couponApi.mine(signal));
  return (
    <Page title={t.title}>
      <AsyncView {...mine} onRetry={mine.reload}>
        {(claims) =>
          claims.length === 0 ? (
            <EmptyState title={t.empty}>
              <p className="muted">{t.emptyHint}</p>
            </EmptyState>
          ) : (
            STATES.map((state) => {
              const group = claims.filter((claim) => claim.state === state);
              return (
                group.length > 0 && (
                  <section key={state} data-testid={`my-coupons-${state}`} aria-labelledby={`my-coupons-${state}`}>
                    <h2 id={`my-coupons-${state}`}>
                      {t.state(state)} <span className="muted small">{t.count(group.length)}</span>
                    </h2>
                    {group.map((claim) => (
                      <CouponCard key={claim.id} coupon={claim.coupon}>
                        <p className="small">{where(claim.coupon)}</p>
                        {state === 'available' && claim.coupon.sellerOrgId && (
                          <Link className="small" to={`/sellers/${claim.coupon.sellerOrgId}`}>
                            {t.shop}
                          </Link>
                        )}
                        {state === 'used' && claim.orderGroupId && (
                          <Link className="small" to={`/order-groups/${claim.orderGroupId}`}>
                            {t.order}
                          </Link>
                        )}
                      </CouponCard>
                    ))}
                  </section>
                )
              );
            })
          )
        }
      </AsyncView>
    </Page>
  );
}

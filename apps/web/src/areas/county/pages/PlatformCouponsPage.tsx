import { defineMessages, useMessages } from '../../../i18n';
import { AsyncView, Page, useApi } from '../../../ui';
import { CouponCard, CouponForm, couponApi, couponMessages } from '../../../ui/coupons';

const messages = defineMessages(
  {
    title: '平台券',
    intro: '平台出钱的满减券，全平台商品可用。卖家照常收全款，优惠由平台补给卖家，记在平台优惠账上。',
  },
  {
    title: 'Platform coupons',
    intro:
      "Amount-off coupons the platform pays for, valid on every seller's goods. Sellers are paid in full; the platform makes up the discount from its discount account.",
  },
);

/** Platform admins issue, edit and stop platform-funded coupons (docs/orders.md "Coupons and campaigns"). */
export function PlatformCouponsPage() {
  const t = useMessages(messages);
  const c = useMessages(couponMessages);
  const coupons = useApi(['county', 'PlatformCouponsPage'], (signal) => couponApi.platformCoupons(signal));
  return (
    <Page title={t.title}>
      <p className="muted">{t.intro}</p>
      <CouponForm issue={(body) => couponApi.createPlatformCoupon(body)} onIssued={coupons.reload} />
      <h2>{c.couponsTitle}</h2>
      <AsyncView data={coupons.data} error={coupons.error} loading={coupons.loading} onRetry={coupons.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{c.noCoupons}</p>
          ) : (
            list.map((coupon) => <CouponCard key={coupon.id} coupon={coupon} forIssuer onChanged={coupons.reload} />)
          )
        }
      </AsyncView>
    </Page>
  );
}

import { useMessages } from '../../../i18n';
import { AsyncView, Page, useApi } from '../../../ui';
import { CouponCard, CouponForm, couponApi, couponMessages } from '../../../ui/coupons';
import { useSellerOrg } from '../org';

/** The shop's own coupons (店铺券), funded by the seller (docs/orders.md "Coupons and campaigns"). */
export function CouponsPage() {
  const t = useMessages(couponMessages);
  const { org } = useSellerOrg();
  const coupons = useApi(['seller', 'CouponsPage', org.orgId], (signal) => couponApi.sellerCoupons(org.orgId, signal));
  return (
    <Page title={t.couponsTitle}>
      <CouponForm issue={(body) => couponApi.createSellerCoupon(org.orgId, body)} onIssued={coupons.reload} />
      <AsyncView data={coupons.data} error={coupons.error} loading={coupons.loading} onRetry={coupons.reload}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t.noCoupons}</p>
          ) : (
            list.map((coupon) => <CouponCard key={coupon.id} coupon={coupon} forIssuer onChanged={coupons.reload} />)
          )
        }
      </AsyncView>
    </Page>
  );
}

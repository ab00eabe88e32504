import { Link } from 'react-router';
import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { PayeeForm, payeeMessages } from '../../../ui/PayeeForm';
import { sellerMoneyMessages } from '../moneyMessages';
import { useSellerOrg } from '../org';

/** Where the seller's payouts go (WeChat Pay or Alipay account). */
export function PayeePage() {
  const t = useMessages(sellerMoneyMessages);
  const p = useMessages(payeeMessages);
  const { org } = useSellerOrg();
  return (
    <Page title={p.title}>
      <p>
        <Link to="/seller/statements">← {t.backToStatements}</Link>
      </p>
      <PayeeForm area="seller" orgId={org.orgId} />
    </Page>
  );
}

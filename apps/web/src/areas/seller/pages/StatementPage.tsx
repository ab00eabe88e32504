import { Link, useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { StatementView } from '../../../ui/money';
import { sellerMoneyMessages } from '../moneyMessages';

/** One statement: figures, payout, CSV and Excel, the lines. */
export function StatementPage() {
  const { id = '' } = useParams();
  const t = useMessages(sellerMoneyMessages);
  return (
    <Page title={t.statementTitle}>
      <p>
        <Link to="/seller/statements">← {t.backToStatements}</Link>
      </p>
      <StatementView area="seller" id={id} />
    </Page>
  );
}

import { Link, useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { Page } from '../../../ui';
import { StatementView } from '../../../ui/money';
import { PayeeForm, payeeMessages } from '../../../ui/PayeeForm';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

/** The point's commission statement: what it earned in the period, its payout, CSV and Excel, the lines. */
export function PointStatementPage() {
  const { id = '' } = useParams();
  const t = useMessages(operatorMessages);
  return (
    <Page title={t.statementsTitle}>
      <p>
        <Link to="/operator/commissions">← {t.commissionsTitle}</Link>
      </p>
      <StatementView area="operator" id={id} />
    </Page>
  );
}

/** Where the point's commission is paid (its owners set it). */
export function PointPayeePage() {
  const p = useMessages(payeeMessages);
  const t = useMessages(operatorMessages);
  const { current } = useNode();
  return (
    <Page title={p.title}>
      <p>
        <Link to="/operator/commissions">← {t.commissionsTitle}</Link>
      </p>
      <PayeeForm area="operator" orgId={current.orgId} />
    </Page>
  );
}

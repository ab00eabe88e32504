import { Link } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { PayoutStateTag, useStatementPeriod } from '../../../ui/money';
import { moneyApi } from '../../../ui/moneyApi';
import { PayeeSummary, payeeMessages } from '../../../ui/PayeeForm';
import { sellerMoneyMessages } from '../moneyMessages';
import { useSellerOrg } from '../org';

/** The seller's statements, newest first, with where the money goes and the freight template one tap away. */
export function StatementsPage() {
  const t = useMessages(sellerMoneyMessages);
  const p = useMessages(payeeMessages);
  const f = useFormat();
  const period = useStatementPeriod();
  const { org } = useSellerOrg();
  const statements = useApi(['seller', 'StatementsPage.statements', org.orgId], (signal) =>
    moneyApi.statements(org.orgId, signal),
  );
  const payee = useApi(['seller', 'StatementsPage.payee', org.orgId], (signal) => moneyApi.payee(org.orgId, signal));
  return (
    <Page title={t.statementsTitle}>
      <p className="muted">{t.statementsIntro}</p>
      <section className="card" data-testid="payee-summary">
        <h2>{t.moneyLinks}</h2>
        <AsyncView data={payee.data} error={payee.error} loading={payee.loading} onRetry={payee.reload}>
          {(account) => <PayeeSummary account={account} />}
        </AsyncView>
        <div className="row">
          <Link className="button button-secondary" to="/seller/payee">
            {p.title}
          </Link>
          <Link className="button button-secondary" to="/seller/freight">
            {t.freightTitle}
          </Link>
        </div>
      </section>
      <AsyncView
        data={statements.data}
        error={statements.error}
        loading={statements.loading}
        onRetry={statements.reload}
      >
        {(list) =>
          list.length === 0 ? (
            <EmptyState title={t.statementsNone} />
          ) : (
            <ul className="plain-list" data-testid="statements">
              {list.map((statement) => (
                <li key={statement.id} className="card" data-statement-id={statement.id}>
                  <div className="spread">
                    <strong>{period(statement)}</strong>
                    <PayoutStateTag state={statement.payoutState} />
                  </div>
                  <div className="spread">
                    <span className="price" data-figure="net">
                      {f.fen(statement.netFen)}
                    </span>
                    <Link to={`/seller/statements/${statement.id}`}>{t.viewStatement} →</Link>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </AsyncView>
    </Page>
  );
}

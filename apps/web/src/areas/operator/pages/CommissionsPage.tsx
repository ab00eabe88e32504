import { Link } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { PayoutStateTag } from '../../../ui/money';
import { payeeMessages } from '../../../ui/PayeeForm';
import { operatorApi } from '../api';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

/** What the point earns on assisted orders: earned (completed), pending (under way), and each order's share. */
export function CommissionsPage() {
  const t = useMessages(operatorMessages);
  const p = useMessages(payeeMessages);
  const f = useFormat();
  const { current } = useNode();
  const { data, error, loading, reload } = useApi(
    ['operator', 'CommissionsPage.commissions', current.orgId],
    (signal) => operatorApi.commissions(current.orgId, signal),
  );
  const statements = useApi(['operator', 'CommissionsPage.statements', current.orgId], (signal) =>
    operatorApi.statements(current.orgId, signal),
  );
  return (
    <Page title={t.commissionsTitle}>
      <AsyncView data={data} error={error} loading={loading} onRetry={reload}>
        {(summary) => (
          <>
            <ul className="op-tiles">
              <li>
                <div className="op-tile">
                  <span className="op-tile-number price" data-figure="earned">
                    {f.fen(summary.earnedFen)}
                  </span>
                  <span className="op-tile-label">{t.earned}</span>
                </div>
              </li>
              <li>
                <div className="op-tile">
                  <span className="op-tile-number" data-figure="pending">
                    {f.fen(summary.pendingFen)}
                  </span>
                  <span className="op-tile-label">{t.pending}</span>
                </div>
              </li>
            </ul>
            {summary.items.length === 0 ? (
              <EmptyState title={t.commissionsNone}>
                <Link to="/operator/orders/new">{t.assistTitle}</Link>
              </EmptyState>
            ) : (
              <ul className="op-orders">
                {summary.items.map((item) => (
                  <li key={item.orderId} className="card op-order">
                    <div className="spread">
                      <Link to={`/operator/orders/${item.orderId}`}>{t.orderOf(f.date(item.createdAt))}</Link>
                      <span
                        className={`op-pill op-pill-${item.status === 'earned' ? 'good' : item.status === 'void' ? 'muted' : 'warn'}`}
                      >
                        {t.commissionStatus(item.status)}
                      </span>
                    </div>
                    <div className="spread small">
                      <span className="muted">{t.commissionBasis(f.fen(item.baseFen), item.rateBp / 100)}</span>
                      <span className="price">{f.fen(item.amountFen)}</span>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </AsyncView>
      <div className="card">
        <h2>{t.statementsTitle}</h2>
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
              <ul className="op-orders" data-testid="statements">
                {list.map((statement) => (
                  <li key={statement.id} className="spread small" data-statement-id={statement.id}>
                    <Link to={`/operator/statements/${statement.id}`}>{t.statementOf(f.date(statement.periodTo))}</Link>
                    <span className="price" data-figure="net">
                      {f.fen(statement.netFen)}
                    </span>
                    <PayoutStateTag state={statement.payoutState} />
                  </li>
                ))}
              </ul>
            )
          }
        </AsyncView>
        <p>
          <Link to="/operator/payee">{p.title} →</Link>
        </p>
      </div>
    </Page>
  );
}

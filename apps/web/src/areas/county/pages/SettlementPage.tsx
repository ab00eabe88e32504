import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CountySettlement } from '../../../api';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { PayoutStateTag, StatementView, useStatementPeriod } from '../../../ui/money';
import { countyApi } from '../api';
import { ConfirmAction, useCountyFormat } from '../components';
import { useCounty } from '../CountyLayout';
import { settlementApi, settlementMessages } from '../settlement';

/**
 * County staff settle: what the county owes sellers and points, the cash at the points and the refunds to pay (all
 * from the ledger), what was paid, is paying and is failing; a payout round; a refused payout paid again; the
 * ledger's balances.
 */
export function SettlementPage() {
  const t = useMessages(settlementMessages);
  const f = useCountyFormat();
  const period = useStatementPeriod();
  const { code } = useCounty();
  const [round, setRound] = useState<number | null>(null);
  const view = useApi(['county', 'SettlementPage.view', code], (signal) => settlementApi.view(code, signal));
  const ledger = useApi(['county', 'SettlementPage.ledger', code], (signal) => settlementApi.ledger(code, signal));
  const names = useApi(['county', 'SettlementPage.names', code], async (signal) => {
    const organisations = await countyApi.identity.organisations({ countyCode: code }, signal);
    return new Map(organisations.map((organisation) => [organisation.id, organisation.name]));
  });
  const nameOf = (id: string | null) => (id ? (names.data?.get(id) ?? id.slice(0, 8)) : '');
  const reload = () => {
    view.reload();
    ledger.reload();
  };
  return (
    <Page title={t.title}>
      <p className="muted">{t.intro}</p>
      <AsyncView data={view.data} error={view.error} loading={view.loading && !view.data} onRetry={view.reload}>
        {(settlement: CountySettlement) => (
          <>
            <dl className="facts money-facts card" data-testid="county-figures">
              {(
                [
                  ['owedToSellers', t.owedToSellers, settlement.owedToSellersFen],
                  ['owedToPoints', t.owedToPoints, settlement.owedToPointsFen],
                  ['cashAtPoints', t.cashAtPoints, settlement.cashAtPointsFen],
                  ['refundsOwed', t.refundsOwed, settlement.refundsOwedFen],
                  ['paidOut', t.paidOut, settlement.paidOutFen],
                  ['paying', t.paying, settlement.payingFen],
                  ['failing', t.failing(settlement.failingPayouts), settlement.failingFen],
                ] as const
              ).map(([key, label, fen]) => (
                <div key={key}>
                  <dt>{label}</dt>
                  <dd className="num" data-figure={key}>
                    {f.fen(fen)}
                  </dd>
                </div>
              ))}
            </dl>
            <div className="card">
              <ConfirmAction
                label={t.runRound}
                question={t.runQuestion}
                confirmLabel={t.runYes}
                onConfirm={async () => {
                  const made = await settlementApi.close(code);
                  setRound(made.length);
                  reload();
                }}
              />
              {round !== null && (
                <p className="notice" role="status" data-testid="round-done">
                  {t.roundDone(round)}
                </p>
              )}
            </div>
            <PartiesSection settlement={settlement} nameOf={nameOf} onRetried={reload} />
            <section className="card" aria-labelledby="statements-title">
              <h2 id="statements-title">{t.statements}</h2>
              {settlement.statements.length === 0 ? (
                <EmptyState title={t.noStatements} />
              ) : (
                <ul className="plain-list" data-testid="county-statements">
                  {settlement.statements.map((statement) => (
                    <li
                      key={statement.id}
                      className="county-statement"
                      data-statement-id={statement.id}
                      data-party-id={statement.partyId}
                    >
                      <div className="spread">
                        <strong>
                          {t.kind(statement.partyKind)} · {nameOf(statement.partyId)}
                        </strong>
                        <PayoutStateTag state={statement.payoutState} />
                      </div>
                      <div className="spread small">
                        <span className="muted">{period(statement)}</span>
                        <span className="price" data-figure="net">
                          {f.fen(statement.netFen)}
                        </span>
                        <Link to={`/county/statements/${statement.id}`}>{t.view} →</Link>
                      </div>
                      {statement.payoutState === 'failed' && (
                        <RetryPayout statementId={statement.id} amountFen={statement.netFen} onRetried={reload} />
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </AsyncView>
      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t.ledger}</h2>
        <p className="muted small">{t.ledgerIntro}</p>
        <AsyncView
          data={ledger.data}
          error={ledger.error}
          loading={ledger.loading && !ledger.data}
          onRetry={ledger.reload}
        >
          {(accounts) => (
            <ul className="plain-list" data-testid="county-ledger">
              {accounts.map((account) => (
                <li
                  key={`${account.kind}:${account.partyId ?? ''}`}
                  className="spread county-statement"
                  data-account={account.kind}
                >
                  <span>
                    {t.accountName(account.kind)}
                    {account.partyId && <span className="muted small"> · {nameOf(account.partyId)}</span>}
                  </span>
                  <span className="num">{f.fen(account.balanceFen)}</span>
                </li>
              ))}
            </ul>
          )}
        </AsyncView>
      </section>
    </Page>
  );
}

/** One statement, as county staff read it. */
export function CountyStatementPage() {
  const { id = '' } = useParams();
  const t = useMessages(settlementMessages);
  return (
    <Page title={t.statementTitle}>
      <p>
        <Link to="/county/settlement">← {t.back}</Link>
      </p>
      <StatementView area="county" id={id} />
    </Page>
  );
}

type Party = CountySettlement['parties'][number];

/** Each seller and point: owed, paid, paying, failing; each failing payout with its reason and, if allowed, a retry. */
/** 重新打款: pays a failed statement again, after the staff member confirms the amount. */
function RetryPayout({
  statementId,
  amountFen,
  onRetried,
}: {
  statementId: string;
  amountFen: number;
  onRetried: () => void;
}) {
  const t = useMessages(settlementMessages);
  const f = useCountyFormat();
  return (
    <ConfirmAction
      label={t.retry}
      question={t.retryQuestion(f.fen(amountFen))}
      confirmLabel={t.retryYes}
      onConfirm={async () => {
        await settlementApi.retry(statementId);
        onRetried();
      }}
    />
  );
}

function PartiesSection({
  settlement,
  nameOf,
  onRetried,
}: {
  settlement: CountySettlement;
  nameOf: (id: string | null) => string;
  onRetried: () => void;
}) {
  const t = useMessages(settlementMessages);
  const f = useCountyFormat();
  const figures = (party: Party) =>
    [
      ['owed', t.owed, party.owedFen],
      ['paidOut', t.paidTo, party.paidOutFen],
      ['paying', t.payingTo, party.payingFen],
      ['failing', t.failingTo, party.failingFen],
    ] as const;
  return (
    <section className="card" aria-labelledby="parties-title">
      <h2 id="parties-title">{t.parties}</h2>
      <p className="muted small">{t.partiesIntro}</p>
      {settlement.parties.length === 0 ? (
        <EmptyState title={t.noParties} />
      ) : (
        <ul className="plain-list" data-testid="county-parties">
          {settlement.parties.map((party) => (
            <li
              key={`${party.partyKind}:${party.partyId}`}
              className="county-statement"
              data-party-id={party.partyId}
              data-party-kind={party.partyKind}
            >
              <div className="spread">
                <strong>
                  {t.kind(party.partyKind)} · {party.name ?? nameOf(party.partyId)}
                </strong>
                {!party.hasPayeeAccount && <span className="tag tag-warn">{t.noPayee}</span>}
              </div>
              <dl className="facts money-facts">
                {figures(party).map(([key, label, fen]) => (
                  <div key={key}>
                    <dt>{label}</dt>
                    <dd className="num" data-figure={key}>
                      {f.fen(fen)}
                    </dd>
                  </div>
                ))}
              </dl>
              {party.failures.map((failure) => (
                <div
                  key={failure.payoutId}
                  className="problem small payout-trouble"
                  data-payout-id={failure.payoutId}
                  data-statement-id={failure.statementId}
                  data-state={failure.state}
                  data-reason={failure.reason}
                >
                  <div className="spread">
                    <strong>
                      {t.troubleState(failure.state)} · {f.fen(failure.amountFen)}
                    </strong>
                    <span className="muted">{t.attempts(failure.attempts)}</span>
                  </div>
                  <p data-testid="payout-reason">{t.reason(failure.reason, failure.state)}</p>
                  {failure.canRetry && (
                    <RetryPayout
                      statementId={failure.statementId}
                      amountFen={failure.amountFen}
                      onRetried={onRetried}
                    />
                  )}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  fieldsByApiName,
  Page,
  PhotoStrip,
  setServerErrors,
  TextAreaField,
  TextField,
  useApi,
} from '../../../ui';
import { CLAIM_STATUSES, countyApi, RESOLUTIONS, type Claim, type ClaimStatus, type Resolution } from '../api';
import { ConfirmAction, Notice, ScrollTable, StatusTag, useCountyFormat } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';

export function ClaimsPage() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const { code } = useCounty();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'escalated') as ClaimStatus | '';
  const view = useApi(['county', 'ClaimsPage.claims', code, status], (signal) =>
    countyApi.orders.claims(code, status, signal),
  );
  return (
    <Page title={t.claimsTitle}>
      <p className="muted">{t.claimsIntro}</p>
      <div className="row county-filters" role="group" aria-label={t.filterStatus}>
        {[...CLAIM_STATUSES, '' as const].map((option) => (
          <button
            key={option || 'all'}
            type="button"
            className={`button button-small ${status === option ? '' : 'button-secondary'}`.trim()}
            aria-pressed={status === option}
            onClick={() => setParams({ status: option }, { replace: true })}
          >
            {option ? t.status(option) : t.all}
          </button>
        ))}
      </div>
      <div className="card">
        <AsyncView
          data={view.data}
          error={view.error}
          loading={view.loading && !view.data}
          onRetry={view.reload}
          isEmpty={(claims) => claims.length === 0}
          empty={<EmptyState title={status === 'escalated' ? t.noEscalated : t.noClaims} />}
        >
          {(claims) => (
            <ScrollTable label={t.claimsTitle}>
              <thead>
                <tr>
                  <th scope="col">{t.claimOrder}</th>
                  <th scope="col">{t.claimCreated}</th>
                  <th scope="col">{t.claimRemedy}</th>
                  <th scope="col">{t.claimReason}</th>
                  <th scope="col">{t.escalation}</th>
                  <th scope="col">{t.state}</th>
                </tr>
              </thead>
              <tbody>
                {claims.map((claim) => (
                  <tr key={claim.id}>
                    <th scope="row">
                      <Link to={`/county/claims/${claim.id}`}>{t.orderShort(claim.orderId.slice(0, 8))}</Link>
                    </th>
                    <td>{f.dateTime(claim.createdAt)}</td>
                    <td>
                      {t.remedy(claim.requestedRemedy)}
                      {claim.requestedAmountFen !== null && ` ${f.fen(claim.requestedAmountFen)}`}
                    </td>
                    <td className="clamp-cell">{claim.reason}</td>
                    <td>{claim.escalationReason ? t.escalationReason(claim.escalationReason) : '—'}</td>
                    <td>
                      <StatusTag status={claim.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </AsyncView>
      </div>
    </Page>
  );
}

interface DecisionValues {
  resolution: Resolution;
  amount: string;
  note: string;
}

function DecisionForm({ claim, onDecided }: { claim: Claim; onDecided: (claim: Claim) => void }) {
  const t = useMessages(countyMessages);
  const { register, watch, getValues, setError, clearErrors, formState } = useForm<DecisionValues>({
    defaultValues: {
      resolution: claim.requestedRemedy,
      amount: claim.requestedAmountFen !== null ? String(claim.requestedAmountFen / 100) : '',
      note: '',
    },
  });
  const resolution = watch('resolution');
  const amountFen = Math.round(Number(watch('amount')) * 100);
  const valid = watch('note').trim().length >= 2 && (resolution !== 'partial_refund' || amountFen >= 1);
  const { errors } = formState;
  return (
    <section className="card" aria-labelledby="claim-decision">
      <h2 id="claim-decision">{t.decideClaim}</h2>
      <fieldset>
        <legend>{t.resolution}</legend>
        {RESOLUTIONS.map((option) => (
          <label key={option} className="choice">
            <input type="radio" value={option} {...register('resolution')} />
            <span>{t.resolutionName(option)}</span>
          </label>
        ))}
      </fieldset>
      {resolution === 'partial_refund' && (
        <TextField
          label={t.refundAmount}
          type="number"
          min={0.01}
          step="0.01"
          inputMode="decimal"
          required
          error={errors.amount?.message}
          {...register('amount')}
        />
      )}
      <TextAreaField
        label={t.decisionNote}
        required
        minLength={2}
        maxLength={2000}
        hint={t.decisionNoteHint}
        error={errors.note?.message}
        {...register('note')}
      />
      <ConfirmAction
        label={t.decide}
        disabled={!valid}
        danger={resolution === 'rejected'}
        question={t.decideQuestion(t.resolutionName(resolution))}
        confirmLabel={t.decideConfirm}
        onConfirm={async () => {
          clearErrors();
          const form = getValues();
          try {
            onDecided(
              await countyApi.orders.decide(claim.id, {
                resolution: form.resolution,
                note: form.note.trim(),
                ...(form.resolution === 'partial_refund' ? { amountFen } : {}),
              }),
            );
          } catch (failure) {
            setServerErrors(setError, failure, fieldsByApiName<DecisionValues>({ amountFen: 'amount', note: 'note' }));
            throw failure;
          }
        }}
      />
    </section>
  );
}

export function ClaimDetailPage() {
  const { id = '' } = useParams();
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const view = useApi(['county', 'ClaimsPage.claim', id], (signal) => countyApi.orders.claim(id, signal));
  const orderId = view.data?.orderId;
  const order = useApi(['county', 'ClaimsPage.order', orderId], (signal) =>
    orderId ? countyApi.orders.order(orderId, signal) : Promise.resolve(undefined),
  );
  const [notice, setNotice] = useState('');
  return (
    <Page title={t.claimTitle}>
      <p>
        <Link to="/county/claims">← {t.backToClaims}</Link>
      </p>
      <Notice>{notice}</Notice>
      <AsyncView data={view.data} error={view.error} loading={view.loading} onRetry={view.reload}>
        {(claim) => (
          <>
            <section className="card" aria-labelledby="claim-facts">
              <div className="spread">
                <h2 id="claim-facts">{t.orderShort(claim.orderId.slice(0, 8))}</h2>
                <StatusTag status={claim.status} />
              </div>
              <dl className="facts">
                <dt>{t.claimCreated}</dt>
                <dd>{f.dateTime(claim.createdAt)}</dd>
                <dt>{t.claimRemedy}</dt>
                <dd>
                  {t.remedy(claim.requestedRemedy)}
                  {claim.requestedAmountFen !== null && ` ${f.fen(claim.requestedAmountFen)}`}
                </dd>
                <dt>{t.claimReason}</dt>
                <dd>{claim.reason}</dd>
                {claim.counterRemedy && (
                  <>
                    <dt>{t.counterOffer}</dt>
                    <dd>
                      {t.remedy(claim.counterRemedy)}
                      {claim.counterAmountFen !== null && ` ${f.fen(claim.counterAmountFen)}`}
                    </dd>
                  </>
                )}
                {claim.sellerNote && (
                  <>
                    <dt>{t.sellerNote}</dt>
                    <dd>{claim.sellerNote}</dd>
                  </>
                )}
                {claim.escalationReason && (
                  <>
                    <dt>{t.escalation}</dt>
                    <dd>
                      {t.escalationReason(claim.escalationReason)} · {f.dateTime(claim.escalatedAt)}
                    </dd>
                  </>
                )}
                {claim.resolution && (
                  <>
                    <dt>{t.resolution}</dt>
                    <dd>
                      {t.resolutionName(claim.resolution)}
                      {claim.resolutionAmountFen !== null && ` ${f.fen(claim.resolutionAmountFen)}`}
                      {claim.decisionNote && ` — ${claim.decisionNote}`}
                    </dd>
                  </>
                )}
              </dl>
              <PhotoStrip photos={claim.photos} testId="claim-photos" />
              {claim.photoUrls.length > 0 && (
                <ul className="claim-photos plain-list row">
                  {claim.photoUrls.map((url, index) => (
                    <li key={url}>
                      <a href={url} target="_blank" rel="noreferrer noopener">
                        <img src={url} alt={t.photo(index + 1)} width={96} height={96} loading="lazy" />
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="claim-order">
              <h2 id="claim-order">{t.orderEvidence}</h2>
              <AsyncView data={order.data} error={order.error} loading={order.loading} onRetry={order.reload}>
                {(detail) => (
                  <>
                    <dl className="facts">
                      <dt>{t.seller}</dt>
                      <dd>{detail.sellerName}</dd>
                      <dt>{t.orderTotal}</dt>
                      <dd>
                        {f.fen(detail.totalFen)} · {t.paidRefunded(f.fen(detail.paidFen), f.fen(detail.refundedFen))}
                      </dd>
                      <dt>{t.temperatureClass}</dt>
                      <dd>{t.temperatureName(detail.temperature.class)}</dd>
                    </dl>
                    <ul>
                      {detail.lines.map((line) => (
                        <li key={line.skuId}>
                          {line.title} · {line.spec} × {line.quantity} = {f.fen(line.lineTotalFen)}
                        </li>
                      ))}
                    </ul>
                    <h3>{t.excursionsHeading(detail.excursions.length)}</h3>
                    {detail.excursions.length > 0 ? (
                      <ScrollTable label={t.excursionsHeading(detail.excursions.length)}>
                        <thead>
                          <tr>
                            <th scope="col">{t.when}</th>
                            <th scope="col">{t.nodeCode}</th>
                            <th scope="col">{t.reading}</th>
                            <th scope="col">{t.allowedRange}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {detail.excursions.map((excursion) => (
                            <tr key={`${excursion.shipmentId}-${excursion.at}`}>
                              <th scope="row">{f.dateTime(excursion.at)}</th>
                              <td>{excursion.nodeCode ?? '—'}</td>
                              <td className="num">{excursion.readingC} °C</td>
                              <td>
                                {excursion.minC ?? '…'} – {excursion.maxC ?? '…'} °C
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </ScrollTable>
                    ) : (
                      <p className="muted">{t.noExcursions}</p>
                    )}
                  </>
                )}
              </AsyncView>
            </section>
            {claim.status === 'escalated' && (
              <DecisionForm
                claim={claim}
                onDecided={(next) => {
                  view.setData(next);
                  setNotice(t.claimDecided(t.resolutionName(next.resolution ?? 'rejected')));
                }}
              />
            )}
            <section className="card" aria-labelledby="claim-history">
              <h2 id="claim-history">{t.claimHistory}</h2>
              <ol className="history">
                {claim.actions.map((action, index) => (
                  <li key={index}>
                    <span className="muted small">{f.dateTime(action.at)}</span> {t.claimAction(action.action)} ·{' '}
                    {t.actor(action.actorKind)}
                  </li>
                ))}
              </ol>
            </section>
          </>
        )}
      </AsyncView>
    </Page>
  );
}

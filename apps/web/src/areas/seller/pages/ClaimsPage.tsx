import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  fieldsByApiName,
  Page,
  PhotoStrip,
  ProblemMessage,
  SelectField,
  setServerErrors,
  SubmitButton,
  TextAreaField,
  TextField,
  useApi,
} from '../../../ui';
import { REMEDIES, sellerApi, type Claim, type ClaimAnswer, type ClaimStatus, type Remedy } from '../api';
import { ClaimStatusTag, hoursUntil, Notice } from '../components';
import { sellerMessages } from '../messages';
import { yuanToFen } from '../money';
import { useSellerOrg } from '../org';

const STATUSES: ClaimStatus[] = ['awaiting_seller', 'countered', 'escalated', 'resolved'];

/** After-sales claims: the ones waiting for the seller first, each answerable until its deadline. */
export function ClaimsPage() {
  const t = useMessages(sellerMessages);
  const { org } = useSellerOrg();
  const [params] = useSearchParams();
  const requested = params.get('status') as ClaimStatus | null;
  const status = requested && STATUSES.includes(requested) ? requested : undefined;
  const { data, error, loading, reload, setData } = useApi(
    ['seller', 'ClaimsPage.claims', org.orgId, status],
    (signal) => sellerApi.claims(org.orgId, status, signal),
  );
  return (
    <Page title={t.claimsTitle}>
      <nav className="filters-bar" aria-label={t.claimsTitle}>
        <Link to="/seller/claims" aria-current={status === undefined ? 'page' : undefined}>
          {t.allClaims}
        </Link>
        {STATUSES.map((value) => (
          <Link key={value} to={`/seller/claims?status=${value}`} aria-current={value === status ? 'page' : undefined}>
            {t.claimStatus(value)}
          </Link>
        ))}
      </nav>
      <AsyncView
        data={data}
        error={error}
        loading={loading}
        onRetry={reload}
        isEmpty={(claims) => claims.length === 0}
        empty={<EmptyState title={t.noClaims} />}
      >
        {(claims) => (
          <div data-testid="claims">
            {[...claims]
              .sort((a, b) => Number(b.status === 'awaiting_seller') - Number(a.status === 'awaiting_seller'))
              .map((claim) => (
                <ClaimCard
                  key={claim.id}
                  claim={claim}
                  onAnswered={(next) => setData(claims.map((item) => (item.id === next.id ? next : item)))}
                />
              ))}
          </div>
        )}
      </AsyncView>
    </Page>
  );
}

function ClaimCard({ claim, onAnswered }: { claim: Claim; onAnswered: (claim: Claim) => void }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const [answered, setAnswered] = useState(false);
  const left = claim.respondBy ? hoursUntil(claim.respondBy) : null;
  return (
    <article className="card" aria-labelledby={`claim-${claim.id}`} data-testid="claim">
      <div className="spread">
        <h2 id={`claim-${claim.id}`}>
          <Link to={`/seller/orders/${claim.orderId}`}>{t.claimFor(claim.orderId)}</Link>
        </h2>
        <ClaimStatusTag status={claim.status} />
      </div>
      <p className="claim-reason">{claim.reason}</p>
      <dl className="facts">
        <dt>{t.requested}</dt>
        <dd>
          {t.requestedAmount(
            t.remedy(claim.requestedRemedy),
            claim.requestedAmountFen !== null ? f.fen(claim.requestedAmountFen) : null,
          )}
        </dd>
        <dt>{t.placedAt}</dt>
        <dd>{f.dateTime(claim.createdAt)}</dd>
        {claim.respondBy && claim.status !== 'resolved' && claim.status !== 'escalated' && (
          <>
            <dt>{t.respondBy}</dt>
            <dd>
              <time dateTime={claim.respondBy}>{f.dateTime(claim.respondBy)}</time>{' '}
              {left !== null && claim.status === 'awaiting_seller' && (
                <span className={left <= 0 ? 'overdue' : left < 12 ? 'overdue' : 'muted'}>
                  ({left <= 0 ? t.overdue : t.timeLeft(left)})
                </span>
              )}
            </dd>
          </>
        )}
        {claim.counterRemedy && (
          <>
            <dt>{t.counterRemedy}</dt>
            <dd>
              {t.requestedAmount(
                t.remedy(claim.counterRemedy),
                claim.counterAmountFen !== null ? f.fen(claim.counterAmountFen) : null,
              )}
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
            <dd>{claim.escalationReason}</dd>
          </>
        )}
        {claim.resolution && (
          <>
            <dt>{t.resolution}</dt>
            <dd>
              {t.requestedAmount(
                t.remedy(claim.resolution),
                claim.resolutionAmountFen !== null ? f.fen(claim.resolutionAmountFen) : null,
              )}
              {claim.decisionNote ? ` · ${claim.decisionNote}` : ''}
            </dd>
          </>
        )}
      </dl>
      {claim.photos.length > 0 && (
        <div>
          <span className="muted small">{t.photos}</span>
          <PhotoStrip photos={claim.photos} testId="claim-photos" />
        </div>
      )}
      {claim.photoUrls.length > 0 && (
        <p className="row">
          <span className="muted">{t.photos}</span>
          {claim.photoUrls.map((url, index) => (
            <a key={url} href={url} target="_blank" rel="noreferrer noopener">
              {t.photo(index + 1)}
            </a>
          ))}
        </p>
      )}
      {answered && <Notice>{t.claimAnswered}</Notice>}
      {claim.status === 'awaiting_seller' && (
        <AnswerForm
          claim={claim}
          onAnswered={(next) => {
            setAnswered(true);
            onAnswered(next);
          }}
        />
      )}
    </article>
  );
}

interface AnswerValues {
  decision: ClaimAnswer['decision'];
  remedy: Remedy;
  amount: string;
  note: string;
}

function AnswerForm({ claim, onAnswered }: { claim: Claim; onAnswered: (claim: Claim) => void }) {
  const t = useMessages(sellerMessages);
  const { register, handleSubmit, setError, watch, formState } = useForm<AnswerValues>({
    defaultValues: { decision: 'accept', remedy: 'partial_refund', amount: '', note: '' },
  });
  const decision = watch('decision');
  const remedy = watch('remedy');
  const counterAmount = decision === 'counter' && remedy === 'partial_refund';
  const answer = useMutation({
    mutationFn: (form: AnswerValues) =>
      sellerApi.answerClaim(claim.id, {
        decision: form.decision,
        ...(form.decision === 'counter' && { remedy: form.remedy }),
        ...(counterAmount && { amountFen: yuanToFen(form.amount)! }),
        ...(form.note.trim() && { note: form.note.trim() }),
      }),
    onSuccess: onAnswered,
    onError: (failure) =>
      setServerErrors(
        setError,
        failure,
        fieldsByApiName<AnswerValues>({ remedy: 'remedy', amountFen: 'amount', note: 'note' }),
      ),
  });
  const name = `claim-${claim.id}`;
  const { errors } = formState;

  return (
    <form className="form" onSubmit={(event) => void handleSubmit((form) => answer.mutate(form))(event)} noValidate>
      <fieldset>
        <legend>{t.answer}</legend>
        {(['accept', 'decline', 'counter'] as const).map((value) => (
          <label className="choice" key={value}>
            <input type="radio" value={value} {...register('decision')} />
            <span>{value === 'accept' ? t.accept : value === 'decline' ? t.decline : t.counter}</span>
          </label>
        ))}
      </fieldset>
      {decision === 'counter' && (
        <div className="form-columns">
          <SelectField
            id={`${name}-remedy`}
            label={t.counterRemedy}
            error={errors.remedy?.message}
            {...register('remedy')}
          >
            {REMEDIES.map((value) => (
              <option key={value} value={value}>
                {t.remedy(value)}
              </option>
            ))}
          </SelectField>
          {remedy === 'partial_refund' && (
            <TextField
              id={`${name}-amount`}
              label={t.amount}
              inputMode="decimal"
              error={errors.amount?.message}
              {...register('amount', {
                validate: (value, form) =>
                  form.decision !== 'counter' ||
                  form.remedy !== 'partial_refund' ||
                  yuanToFen(value) !== null ||
                  t.amountRequired,
              })}
            />
          )}
        </div>
      )}
      <TextAreaField
        id={`${name}-note`}
        label={t.note}
        required={decision === 'decline'}
        maxLength={2000}
        rows={2}
        error={errors.note?.message}
        {...register('note', {
          validate: (value, form) => form.decision !== 'decline' || value.trim().length > 0 || t.declineNoteRequired,
        })}
      />
      {answer.error && <ProblemMessage error={answer.error} />}
      <div className="form-actions">
        <SubmitButton busy={answer.isPending} busyLabel={t.saving}>
          {t.sendAnswer}
        </SubmitButton>
      </div>
    </form>
  );
}

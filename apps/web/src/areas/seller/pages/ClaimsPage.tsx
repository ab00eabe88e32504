import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fieldErrorOf } from '../../../api';
import { useFormat, useMessages } from '../../../i18n';
import {
  AsyncView,
  EmptyState,
  Page,
  ProblemMessage,
  SelectField,
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

function AnswerForm({ claim, onAnswered }: { claim: Claim; onAnswered: (claim: Claim) => void }) {
  const t = useMessages(sellerMessages);
  const [decision, setDecision] = useState<ClaimAnswer['decision']>('accept');
  const [remedy, setRemedy] = useState<Remedy>('partial_refund');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<{ note?: string; amount?: string }>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const name = `claim-${claim.id}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: { note?: string; amount?: string } = {};
    if (decision === 'decline' && note.trim().length === 0) {
      errors.note = t.declineNoteRequired;
    }
    const amountFen = decision === 'counter' && remedy === 'partial_refund' ? yuanToFen(amount) : null;
    if (decision === 'counter' && remedy === 'partial_refund' && amountFen === null) {
      errors.amount = t.amountRequired;
    }
    setLocal(errors);
    if (Object.keys(errors).length > 0) {
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      onAnswered(
        await sellerApi.answerClaim(claim.id, {
          decision,
          ...(decision === 'counter' && { remedy }),
          ...(amountFen !== null && { amountFen }),
          ...(note.trim() && { note: note.trim() }),
        }),
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const apiError = (field: string) => fieldErrorOf(failure, field);

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <fieldset>
        <legend>{t.answer}</legend>
        {(['accept', 'decline', 'counter'] as const).map((value) => (
          <label className="choice" key={value}>
            <input
              type="radio"
              name={`${name}-decision`}
              value={value}
              checked={decision === value}
              onChange={() => setDecision(value)}
            />
            <span>{value === 'accept' ? t.accept : value === 'decline' ? t.decline : t.counter}</span>
          </label>
        ))}
      </fieldset>
      {decision === 'counter' && (
        <div className="form-columns">
          <SelectField
            id={`${name}-remedy`}
            label={t.counterRemedy}
            value={remedy}
            onChange={(event) => setRemedy(event.target.value as Remedy)}
            error={apiError('remedy')}
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
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
              error={local.amount ?? apiError('amountFen')}
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
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={local.note ?? apiError('note')}
      />
      <ProblemMessage error={failure} />
      <div className="form-actions">
        <SubmitButton busy={busy} busyLabel={t.saving}>
          {t.sendAnswer}
        </SubmitButton>
      </div>
    </form>
  );
}

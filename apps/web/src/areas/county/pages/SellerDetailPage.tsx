import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { fieldErrorOf, orNull } from '../../../api';
import { useMessages } from '../../../i18n';
import { SELLER_KINDS } from '../../../session';
import { AsyncView, ErrorState, Loading, Page, TextAreaField, useApi, usePoll } from '../../../ui';
import { countyApi, type CatalogSeller, type Organisation } from '../api';
import { ConfirmAction, Notice, ScrollTable, StatusTag, useCountyFormat } from '../components';
import { countyMessages } from '../messages';

/** Catalog's copy of the seller, or null while catalog does not know it (404). */
const catalogCopy = (orgId: string, signal: AbortSignal): Promise<CatalogSeller | null> =>
  orNull(countyApi.catalog.seller(orgId, signal));

/** Whether catalog (storefront, search, listings) has caught up with identity's decision. */
function CatalogStanding({ org }: { org: Organisation }) {
  const t = useMessages(countyMessages);
  const poll = usePoll(
    ['county', 'SellerDetailPage.catalogCopy', org.id, org.status],
    (signal) => catalogCopy(org.id, signal),
    {
      until: (copy) => (copy ? copy.status === org.status : org.status !== 'verified'),
      initialDelayMs: 500,
    },
  );
  const copy = poll.data;
  return (
    <section className="card" aria-labelledby="catalog-standing">
      <h2 id="catalog-standing">{t.catalogStanding}</h2>
      {poll.error && !poll.settled ? (
        <ErrorState error={poll.error} />
      ) : copy === undefined ? (
        <Loading />
      ) : (
        <p data-testid="catalog-standing" data-status={copy?.status ?? 'unknown'} role="status">
          {copy === null
            ? t.catalogUnknown
            : copy.status === org.status
              ? t.catalogInSync(t.status(copy.status))
              : t.catalogCatchingUp(t.status(copy.status))}
          {!poll.settled && <span className="spinner spinner-small" aria-hidden="true" />}
        </p>
      )}
    </section>
  );
}

function Decisions({ org, onDecided }: { org: Organisation; onDecided: (org: Organisation) => void }) {
  const t = useMessages(countyMessages);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const canVerify = org.status === 'pending' || org.status === 'suspended';
  const canSuspend = org.status === 'pending' || org.status === 'verified';
  const trimmed = reason.trim();
  return (
    <section className="card" aria-labelledby="decisions">
      <h2 id="decisions">{t.decision}</h2>
      <div className="decisions">
        {canVerify && (
          <ConfirmAction
            label={org.status === 'suspended' ? t.reinstate : t.verify}
            question={t.verifyQuestion(org.name)}
            confirmLabel={t.verifyConfirm}
            onConfirm={async () => onDecided(await countyApi.identity.verify(org.id))}
          />
        )}
        {canSuspend && (
          <ConfirmAction
            label={t.suspend}
            danger
            question={t.suspendQuestion(org.name)}
            confirmLabel={t.suspendConfirm}
            canConfirm={trimmed.length >= 2}
            onConfirm={async () => {
              try {
                onDecided(await countyApi.identity.suspend(org.id, trimmed));
                setReason('');
              } catch (error) {
                setReasonError(fieldErrorOf(error, 'reason'));
                throw error;
              }
            }}
          >
            <TextAreaField
              label={t.suspendReason}
              name="reason"
              required
              minLength={2}
              maxLength={500}
              hint={t.suspendReasonHint}
              value={reason}
              error={reasonError}
              onChange={(event) => setReason(event.target.value)}
            />
          </ConfirmAction>
        )}
      </div>
    </section>
  );
}

export function SellerDetailPage() {
  const { id = '' } = useParams();
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const view = useApi(['county', 'SellerDetailPage.organisation', id], (signal) =>
    countyApi.identity.organisation(id, signal),
  );
  const members = useApi(['county', 'SellerDetailPage.members', id], (signal) =>
    countyApi.identity.members(id, signal),
  );
  const [notice, setNotice] = useState('');
  const org = view.data;
  return (
    <Page title={org?.name ?? t.sellerTitle} documentTitle={org ? `${org.name} · ${t.sellersTitle}` : t.sellerTitle}>
      <p>
        <Link to="/county/sellers">← {t.backToSellers}</Link>
      </p>
      <AsyncView data={view.data} error={view.error} loading={view.loading} onRetry={view.reload}>
        {(org) => (
          <>
            <section className="card" aria-labelledby="org-facts">
              <div className="spread">
                <h2 id="org-facts">{t.orgFacts}</h2>
                <span data-testid="org-status">
                  <StatusTag status={org.status} />
                </span>
              </div>
              <dl className="facts">
                <dt>{t.orgKind}</dt>
                <dd>{t.kind(org.kind)}</dd>
                <dt>{t.creditCode}</dt>
                <dd>
                  <code>{org.creditCode ?? '—'}</code>
                </dd>
                <dt>{t.countyCodeLabel}</dt>
                <dd>{org.countyCode}</dd>
                <dt>{t.villageCode}</dt>
                <dd>{org.villageCode ?? '—'}</dd>
                <dt>{t.contactPhone}</dt>
                <dd>{org.contactPhone ?? '—'}</dd>
                <dt>{t.registeredAt}</dt>
                <dd>{f.dateTime(org.createdAt)}</dd>
                {org.statusReason && (
                  <>
                    <dt>{t.suspendReason}</dt>
                    <dd>{org.statusReason}</dd>
                  </>
                )}
              </dl>
            </section>
            <Notice>{notice}</Notice>
            <Decisions
              org={org}
              onDecided={(next) => {
                view.setData(next);
                setNotice(t.decided(t.status(next.status)));
              }}
            />
            {SELLER_KINDS.includes(org.kind) && <CatalogStanding org={org} />}
            <section className="card" aria-labelledby="org-members">
              <h2 id="org-members">{t.members}</h2>
              <AsyncView
                data={members.data}
                error={members.error}
                loading={members.loading}
                onRetry={members.reload}
                isEmpty={(list) => list.length === 0}
              >
                {(list) => (
                  <ScrollTable label={t.members}>
                    <thead>
                      <tr>
                        <th scope="col">{t.memberName}</th>
                        <th scope="col">{t.memberPhone}</th>
                        <th scope="col">{t.memberRole}</th>
                        <th scope="col">{t.memberSince}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {list.map((member) => (
                        <tr key={member.userId}>
                          <th scope="row">{member.name}</th>
                          <td>{member.phone}</td>
                          <td>{t.role(member.role)}</td>
                          <td>{f.date(member.since)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </ScrollTable>
                )}
              </AsyncView>
            </section>
          </>
        )}
      </AsyncView>
    </Page>
  );
}

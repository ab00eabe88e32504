import { Link, useSearchParams } from 'react-router';
import type { OrganisationKind, VerificationStatus } from '../../../api';
import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { countyApi } from '../api';
import { ScrollTable, StatusTag, useCountyFormat } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';

const STATUSES: (VerificationStatus | '')[] = ['pending', 'verified', 'suspended', ''];
const KINDS: OrganisationKind[] = ['cooperative', 'family_farm', 'merchant', 'service_point'];

/** The county's organisations by verification status: the ones waiting first. */
export function SellersPage() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const { code } = useCounty();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'pending') as VerificationStatus | '';
  const kind = (params.get('kind') ?? '') as OrganisationKind | '';
  const view = useApi(['county', 'SellersPage.organisations', code, status, kind], (signal) =>
    countyApi.identity.organisations(
      { countyCode: code, status: status || undefined, kind: kind || undefined },
      signal,
    ),
  );
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  return (
    <Page title={t.sellersTitle}>
      <p className="muted">{t.sellersIntro}</p>
      <div className="county-filters row">
        <div className="row" role="group" aria-label={t.filterStatus}>
          {STATUSES.map((option) => (
            <button
              key={option || 'all'}
              type="button"
              className={`button button-small ${status === option ? '' : 'button-secondary'}`.trim()}
              aria-pressed={status === option}
              onClick={() => setFilter('status', option)}
            >
              {option ? t.statusFilter(option) : t.all}
            </button>
          ))}
        </div>
        <label className="inline-field">
          {t.filterKind}{' '}
          <select value={kind} onChange={(event) => setFilter('kind', event.target.value)}>
            <option value="">{t.allKinds}</option>
            {KINDS.map((option) => (
              <option key={option} value={option}>
                {t.kind(option)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="card">
        <AsyncView
          data={view.data}
          error={view.error}
          loading={view.loading}
          onRetry={view.reload}
          isEmpty={(list) => list.length === 0}
          empty={
            <EmptyState title={status === 'pending' ? t.noPending : t.noOrganisations}>
              {status === 'pending' && t.noPendingBody}
            </EmptyState>
          }
        >
          {(list) => (
            <ScrollTable label={t.sellersTable}>
              <thead>
                <tr>
                  <th scope="col">{t.orgName}</th>
                  <th scope="col">{t.orgKind}</th>
                  <th scope="col">{t.creditCode}</th>
                  <th scope="col">{t.villageCode}</th>
                  <th scope="col">{t.registeredAt}</th>
                  <th scope="col">{t.orgStatus}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((org) => (
                  <tr key={org.id} data-testid="org-row" data-org-id={org.id}>
                    <th scope="row">
                      <Link to={`/county/sellers/${org.id}`}>{org.name}</Link>
                    </th>
                    <td>{t.kind(org.kind)}</td>
                    <td>
                      <code>{org.creditCode ?? '—'}</code>
                    </td>
                    <td>{org.villageCode ?? '—'}</td>
                    <td>{f.dateTime(org.createdAt)}</td>
                    <td>
                      <StatusTag status={org.status} />
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

import { api, type Schemas } from '../../../api';
import { defineMessages, useMessages } from '../../../i18n';
import { useApi } from '../../../ui';
import { applyMessages } from '../../apply/messages';
import { ReviewDecision, ReviewQueuePage } from '../components';
import { useCounty } from '../CountyLayout';

type Application = Schemas['IdentityApplicationResponseDto'];

const messages = defineMessages(
  {
    title: '入驻审核',
    intro: '合作社、家庭农场、商户和服务站提交的入驻申请，先交的在前。证照照片只在这里给审核人员看。',
    empty: '没有待审核的申请',
    creditCode: '统一社会信用代码',
    legalRepresentative: '法定代表人',
    categories: '经营品类',
    permitNumber: '编号',
    missing: '未上传',
    approve: '通过',
    reject: '不通过',
    reason: '不通过的原因（申请人会看到）',
    confirmReject: '确认不通过',
    approved: (name: string) => `已通过：${name}`,
    rejected: (name: string) => `已退回：${name}`,
  },
  {
    title: 'Applications',
    intro: 'Applications to join, oldest first. Licence photos are shown to reviewers only.',
    empty: 'No applications waiting',
    creditCode: 'Unified social credit code',
    legalRepresentative: 'Legal representative',
    categories: 'Categories',
    permitNumber: 'Number',
    missing: 'Not uploaded',
    approve: 'Approve',
    reject: 'Reject',
    reason: 'Why not (the applicant sees this)',
    confirmReject: 'Reject the application',
    approved: (name: string) => `Approved: ${name}`,
    rejected: (name: string) => `Sent back: ${name}`,
  },
);

/** The county's review queue: each application with its licence and permit photos; approve, or reject with a reason. */
export function ApplicationsPage() {
  const t = useMessages(messages);
  const { code } = useCounty();
  const view = useApi(['county', 'ApplicationsPage.queue', code], (signal) =>
    api.get<Application[]>('identity', '/applications', { countyCode: code }, { signal }),
  );
  return (
    <ReviewQueuePage
      title={t.title}
      intro={t.intro}
      empty={t.empty}
      testId="applications"
      view={view}
      card={(application, onDecided) => (
        <ApplicationCard key={application.id} application={application} onDecided={onDecided} />
      )}
    />
  );
}

function ApplicationCard({
  application,
  onDecided,
}: {
  application: Application;
  onDecided: (notice: string) => void;
}) {
  const t = useMessages(messages);
  const a = useMessages(applyMessages);
  const decide = async (rejection?: { reason: string }) => {
    const action = rejection ? 'reject' : 'approve';
    await api.post('identity', `/organisations/${application.orgId}/application/${action}`, rejection);
    return rejection ? t.rejected(application.orgName) : t.approved(application.orgName);
  };
  return (
    <li className="card" data-testid="application-card">
      <h2>{application.orgName}</h2>
      <dl className="facts">
        <dt>{a.kind}</dt>
        <dd>{a.kindName(application.orgKind)}</dd>
        <dt>{t.creditCode}</dt>
        <dd>{application.creditCode}</dd>
        <dt>{t.legalRepresentative}</dt>
        <dd>{application.legalRepresentative}</dd>
        <dt>{t.categories}</dt>
        <dd>{application.categories.map((category) => a.categoryName(category)).join('、')}</dd>
      </dl>
      <div className="row document-photos">
        <figure>
          {application.licencePhoto ? (
            <a href={application.licencePhoto.large} target="_blank" rel="noreferrer">
              <img src={application.licencePhoto.thumb} alt={a.licence} width={160} height={160} />
            </a>
          ) : (
            <span className="muted">{t.missing}</span>
          )}
          <figcaption>{a.licence}</figcaption>
        </figure>
        {application.permits.map((permit) => (
          <figure key={permit.kind}>
            {permit.photo ? (
              <a href={permit.photo.large} target="_blank" rel="noreferrer">
                <img src={permit.photo.thumb} alt={a.permitName(permit.kind)} width={160} height={160} />
              </a>
            ) : (
              <span className="muted">{t.missing}</span>
            )}
            <figcaption>
              {a.permitName(permit.kind)} {t.permitNumber} {permit.number ?? t.missing}
            </figcaption>
          </figure>
        ))}
      </div>
      <ReviewDecision
        labels={{ accept: t.approve, reject: t.reject, reason: t.reason, confirmReject: t.confirmReject }}
        decide={decide}
        onDecided={onDecided}
      />
    </li>
  );
}

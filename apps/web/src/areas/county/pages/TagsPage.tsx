import { useState } from 'react';
import { api, type Schemas } from '../../../api';
import { defineMessages, useMessages } from '../../../i18n';
import { useApi } from '../../../ui';
import { ReviewDecision, ReviewQueuePage } from '../components';
import { useCounty } from '../CountyLayout';

type ReviewItem = Schemas['CatalogTagReviewItemDto'];

const ZH_KINDS: Record<string, string> = {
  geographical_indication: '地理标志',
  green_food: '绿色食品',
  organic: '有机产品',
  consumption_assistance: '消费帮扶',
};
const EN_KINDS: Record<string, string> = {
  geographical_indication: 'Geographical indication',
  green_food: 'Green food',
  organic: 'Organic',
  consumption_assistance: 'Consumption assistance',
};

const messages = defineMessages(
  {
    title: '标签审核',
    intro:
      '卖家为商品申请的地理标志、绿色食品、有机和消费帮扶标签，先交的在前。核对证书编号和照片后通过，商品才显示该标签。',
    empty: '没有待审核的标签申请',
    kind: (kind: string) => ZH_KINDS[kind] ?? kind,
    seller: '卖家',
    certificateNo: '证书编号',
    expiresOn: '有效期至',
    noExpiry: '长期有效',
    photo: '证书照片',
    noPhoto: '卖家还没有上传证书照片',
    verify: '通过',
    reject: '不通过',
    reason: '不通过的原因（卖家会看到）',
    confirmReject: '确认不通过',
    verified: (title: string) => `已通过：${title}`,
    rejected: (title: string) => `已退回：${title}`,
    pendingTab: '待审核',
    verifiedTab: '已认证',
    verifiedIntro: '已通过的标签，最近通过的在前。证书被注销或发现不实时撤销，商品立即不再显示该标签，卖家会看到原因。',
    verifiedEmpty: '本县还没有已认证的标签',
    revoke: '撤销认证',
    revokeReason: '撤销的原因（卖家会看到）',
    confirmRevoke: '确认撤销',
    revoked: (title: string) => `已撤销：${title}`,
  },
  {
    title: 'Tag review',
    intro:
      'Geographical indication, green food, organic and consumption-assistance tags sellers applied for, oldest first. A tag shows on the listing once verified.',
    empty: 'No tag applications waiting',
    kind: (kind: string) => EN_KINDS[kind] ?? kind,
    seller: 'Seller',
    certificateNo: 'Certificate no.',
    expiresOn: 'Valid until',
    noExpiry: 'No end date',
    photo: 'Certificate photo',
    noPhoto: 'The seller has not uploaded the certificate photo yet',
    verify: 'Verify',
    reject: 'Reject',
    reason: 'Why not (the seller sees this)',
    confirmReject: 'Reject the application',
    verified: (title: string) => `Verified: ${title}`,
    rejected: (title: string) => `Sent back: ${title}`,
    pendingTab: 'To review',
    verifiedTab: 'Verified',
    verifiedIntro:
      'Verified tags, latest first. Revoke one whose certificate was cancelled or found false: it leaves the listing at once and the seller sees why.',
    verifiedEmpty: 'No verified tags in this county yet',
    revoke: 'Revoke',
    revokeReason: 'Why (the seller sees this)',
    confirmRevoke: 'Revoke the tag',
    revoked: (title: string) => `Revoked: ${title}`,
  },
);

/** The county's tag review queue: each application with its certificate number and photo; verify, or reject. */
export function TagsPage() {
  const t = useMessages(messages);
  const { code } = useCounty();
  const [status, setStatus] = useState<'pending' | 'verified'>('pending');
  const view = useApi(['county', 'TagsPage.queue', code, status], (signal) =>
    api.get<ReviewItem[]>('catalog', '/tags/review', { countyCode: code, status }, { signal }),
  );
  const verified = status === 'verified';
  const toolbar = (
    <div className="row" role="group" aria-label={t.title}>
      {(['pending', 'verified'] as const).map((each) => (
        <button
          key={each}
          type="button"
          aria-pressed={status === each}
          className={`button button-small${status === each ? '' : ' button-secondary'}`}
          onClick={() => setStatus(each)}
        >
          {each === 'pending' ? t.pendingTab : t.verifiedTab}
        </button>
      ))}
    </div>
  );
  return (
    <ReviewQueuePage
      title={t.title}
      intro={verified ? t.verifiedIntro : t.intro}
      empty={verified ? t.verifiedEmpty : t.empty}
      testId={verified ? 'tag-verified' : 'tag-queue'}
      view={view}
      card={(item, onDecided) => <TagCard key={item.id} item={item} onDecided={onDecided} />}
      toolbar={toolbar}
    />
  );
}

function TagCard({ item, onDecided }: { item: ReviewItem; onDecided: (notice: string) => void }) {
  const t = useMessages(messages);
  const decide = async (rejection?: { reason: string }) => {
    await api.post('catalog', `/tags/${item.id}/${rejection ? 'reject' : 'verify'}`, rejection);
    return rejection ? t.rejected(item.listingTitle) : t.verified(item.listingTitle);
  };
  const revoke = async (revocation?: { reason: string }) => {
    await api.post('catalog', `/tags/${item.id}/revoke`, revocation);
    return t.revoked(item.listingTitle);
  };
  return (
    <li className="card" data-testid="tag-card">
      <h2>
        <span className="badge">{t.kind(item.kind)}</span> {item.listingTitle}
      </h2>
      <dl className="facts">
        <dt>{t.seller}</dt>
        <dd>{item.sellerName}</dd>
        <dt>{t.certificateNo}</dt>
        <dd>{item.certificateNo}</dd>
        <dt>{t.expiresOn}</dt>
        <dd>{item.expiresOn ?? t.noExpiry}</dd>
      </dl>
      <div className="row document-photos">
        <figure>
          {item.photoUrl ? (
            <a href={item.photoUrl} target="_blank" rel="noreferrer">
              <img src={item.photoUrl} alt={t.photo} width={160} height={120} />
            </a>
          ) : (
            <span className="muted">{t.noPhoto}</span>
          )}
          <figcaption>{t.photo}</figcaption>
        </figure>
      </div>
      {item.status === 'verified' ? (
        <ReviewDecision
          labels={{ reject: t.revoke, reason: t.revokeReason, confirmReject: t.confirmRevoke }}
          decide={revoke}
          onDecided={onDecided}
        />
      ) : (
        <ReviewDecision
          labels={{ accept: t.verify, reject: t.reject, reason: t.reason, confirmReject: t.confirmReject }}
          decide={decide}
          onDecided={onDecided}
        />
      )}
    </li>
  );
}

import { useState } from 'react';
import { api, type Schemas } from '../../api';
import { defineMessages, useMessages } from '../../i18n';
import { PhotoPicker, ProblemMessage, SelectField, TextField, useApi } from '../../ui';
import type { Listing } from './api';

type Tag = Schemas['CatalogTagResponseDto'];
type Kind = Tag['kind'];

const KINDS: Kind[] = ['geographical_indication', 'green_food', 'organic', 'consumption_assistance'];
/** Green food (3 years) and organic (1 year) certificates end; the form asks for the date. */
const EXPIRING: Kind[] = ['green_food', 'organic'];

const ZH: Record<Kind, string> = {
  geographical_indication: '地理标志',
  green_food: '绿色食品',
  organic: '有机产品',
  consumption_assistance: '消费帮扶',
};
const EN: Record<Kind, string> = {
  geographical_indication: 'Geographical indication',
  green_food: 'Green food',
  organic: 'Organic',
  consumption_assistance: 'Consumption assistance',
};
const ZH_STATUS: Record<Tag['status'], string> = {
  declared: '自行填写（需补证书）',
  pending: '审核中',
  verified: '已认证',
  rejected: '未通过',
  expired: '证书已过期',
  withdrawn: '已撤回',
  revoked: '已被县里撤销',
};
const EN_STATUS: Record<Tag['status'], string> = {
  declared: 'Self-declared (certificate needed)',
  pending: 'Under review',
  verified: 'Verified',
  rejected: 'Rejected',
  expired: 'Certificate expired',
  withdrawn: 'Withdrawn',
  revoked: 'Revoked by the county',
};

const messages = defineMessages(
  {
    title: '认证标签',
    intro: '地理标志、绿色食品、有机和消费帮扶标签需上传证书，县里审核通过后才显示在商品上，买家也能按标签筛选。',
    none: '还没有申请标签',
    kind: (kind: Kind) => ZH[kind],
    status: (status: Tag['status']) => ZH_STATUS[status],
    reason: (reason: string) => `原因：${reason}`,
    validUntil: (date: string) => `有效期至 ${date}`,
    apply: '申请标签',
    kindLabel: '标签',
    certificateNo: '证书编号',
    expiresOn: '证书有效期至',
    expiresHint: '绿色食品、有机证书必填',
    photo: '拍证书照片或选照片',
    photoPicked: (name: string) => `已选：${name}`,
    submit: '提交审核',
    submitted: '已提交，等待县里审核',
    needPhoto: '请先拍下证书照片',
  },
  {
    title: 'Verified tags',
    intro:
      'Geographical indication, green food, organic and consumption-assistance tags need the certificate; they show on the listing once the county verified them, and buyers can filter by them.',
    none: 'No tags applied for yet',
    kind: (kind: Kind) => EN[kind],
    status: (status: Tag['status']) => EN_STATUS[status],
    reason: (reason: string) => `Reason: ${reason}`,
    validUntil: (date: string) => `Valid until ${date}`,
    apply: 'Apply for a tag',
    kindLabel: 'Tag',
    certificateNo: 'Certificate number',
    expiresOn: 'Certificate valid until',
    expiresHint: 'Required for green food and organic',
    photo: 'Take or choose a photo of the certificate',
    photoPicked: (name: string) => `Chosen: ${name}`,
    submit: 'Submit for review',
    submitted: 'Submitted; the county will review it',
    needPhoto: 'Take a photo of the certificate first',
  },
);

/** A listing's tags and the form to apply for one: the certificate number, its end date, and a photo of it. */
export function Tags({ listing }: { listing: Listing }) {
  const t = useMessages(messages);
  const view = useApi(['seller', 'Tags.list', listing.id], (signal) =>
    api.get<Tag[]>('catalog', `/listings/${listing.id}/tags`, undefined, { signal }),
  );
  const [kind, setKind] = useState<Kind>('geographical_indication');
  const [certificateNo, setCertificateNo] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [photo, setPhoto] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const submit = async () => {
    if (!photo) {
      setNotice(t.needPhoto);
      return;
    }
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const tag = await api.post<Tag>('catalog', `/listings/${listing.id}/tags`, {
        kind,
        certificateNo: certificateNo.trim(),
        ...(expiresOn ? { expiresOn } : {}),
      });
      await api.upload<Tag>('catalog', `/tags/${tag.id}/photo`, photo);
      setCertificateNo('');
      setExpiresOn('');
      setPhoto(undefined);
      setNotice(t.submitted);
      view.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="listing-tags" data-testid="listing-tags">
      <h2 id="listing-tags">{t.title}</h2>
      <p className="muted small">{t.intro}</p>
      {view.data && view.data.length === 0 && <p className="muted">{t.none}</p>}
      {view.data && view.data.length > 0 && (
        <ul className="list" data-testid="tag-list">
          {view.data.map((tag) => (
            <li key={tag.id} data-testid="tag-row">
              <strong>{t.kind(tag.kind)}</strong> <span className="tag">{t.status(tag.status)}</span>
              {tag.certificateNo && <span className="muted small"> {tag.certificateNo}</span>}
              {tag.expiresOn && <span className="muted small"> · {t.validUntil(tag.expiresOn)}</span>}
              {tag.reason && <p className="small">{t.reason(tag.reason)}</p>}
            </li>
          ))}
        </ul>
      )}
      {listing.status !== 'removed' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
          noValidate
          data-testid="tag-form"
        >
          <h3>{t.apply}</h3>
          <SelectField
            label={t.kindLabel}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as Kind)}
          >
            {KINDS.map((each) => (
              <option key={each} value={each}>
                {t.kind(each)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t.certificateNo}
            name="certificateNo"
            value={certificateNo}
            onChange={(e) => setCertificateNo(e.currentTarget.value)}
          />
          <TextField
            label={t.expiresOn}
            hint={EXPIRING.includes(kind) ? t.expiresHint : undefined}
            type="date"
            name="expiresOn"
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.currentTarget.value)}
          />
          <PhotoPicker label={t.photo} name="certificatePhoto" onPick={setPhoto} disabled={busy} />
          {photo && <p className="muted small">{t.photoPicked(photo.name)}</p>}
          <button type="submit" className="button" disabled={busy}>
            {t.submit}
          </button>
          {notice && <p className="notice">{notice}</p>}
          <ProblemMessage error={error} compact />
        </form>
      )}
    </section>
  );
}

import { useState } from 'react';
import { api } from '../../api';
import { defineMessages, useMessages } from '../../i18n';
import { PhotoPicker, ProblemMessage, photoVariant } from '../../ui';
import type { Listing, Lot } from './api';

/** As many photos as catalog keeps per listing (`MAX_LISTING_PHOTOS`) and per lot (`MAX_LOT_PHOTOS`). */
const MAX_PHOTOS = 9;
const MAX_LOT_PHOTOS = 6;

const messages = defineMessages(
  {
    title: '商品照片',
    count: (n: number) => `${n}/${MAX_PHOTOS} 张，第一张显示在商品卡片上`,
    lotTitle: '批次照片',
    lotCount: (n: number) => `${n}/${MAX_LOT_PHOTOS} 张，买家在追溯页上能看到`,
    take: '拍照或选照片',
    uploading: '正在上传…',
    full: (max: number) => `已有 ${max} 张，不能再加了`,
    added: '照片已添加',
  },
  {
    title: 'Photos',
    count: (n: number) => `${n} of ${MAX_PHOTOS}; the first is shown on the product card`,
    lotTitle: 'Photos of the lot',
    lotCount: (n: number) => `${n} of ${MAX_LOT_PHOTOS}; buyers see them on the trace page`,
    take: 'Take or choose a photo',
    uploading: 'Uploading…',
    full: (max: number) => `${max} photos already; no more can be added`,
    added: 'Photo added',
  },
);

/** Thumbnails of uploaded photos and the camera to add one (`path` takes the upload and answers the owner). */
function PhotoGallery<T>({
  title,
  count,
  photos,
  max,
  path,
  editable,
  onChange,
  testId,
}: {
  title: string;
  count: string;
  photos: string[];
  max: number;
  path: string;
  editable: boolean;
  onChange: (owner: T) => void;
  testId: string;
}) {
  const t = useMessages(messages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const add = async (photo: File) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      onChange(await api.upload<T>('catalog', path, photo));
      setNotice(t.added);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      <p className="muted small">{count}</p>
      {photos.length > 0 && (
        <div className="row listing-images">
          {photos.map((url) => (
            <img key={url} src={photoVariant(url, 'thumb')} alt="" width={96} height={96} loading="lazy" />
          ))}
        </div>
      )}
      {notice && <p className="notice">{notice}</p>}
      {editable &&
        (photos.length >= max ? (
          <p className="muted">{t.full(max)}</p>
        ) : (
          <PhotoPicker
            name="photo"
            label={busy ? t.uploading : t.take}
            disabled={busy}
            onPick={(photo) => void add(photo)}
          />
        ))}
      <ProblemMessage error={error} compact />
    </section>
  );
}

/** The listing's gallery: its photos (thumbnails) and the camera to add one, up to nine. */
export function Gallery({ listing, onChange }: { listing: Listing; onChange: (listing: Listing) => void }) {
  const t = useMessages(messages);
  return (
    <PhotoGallery<Listing>
      title={t.title}
      count={t.count(listing.images.length)}
      photos={listing.images}
      max={MAX_PHOTOS}
      path={`/listings/${listing.id}/photos`}
      editable={listing.status !== 'removed'}
      onChange={onChange}
      testId="gallery"
    />
  );
}

/** Photos of a harvested lot (the harvest, the field, the packing), taken with the phone's camera, up to six. */
export function LotPhotos({ lot, onChange }: { lot: Lot; onChange: (lot: Lot) => void }) {
  const t = useMessages(messages);
  return (
    <PhotoGallery<Lot>
      title={t.lotTitle}
      count={t.lotCount(lot.photos.length)}
      photos={lot.photos}
      max={MAX_LOT_PHOTOS}
      path={`/lots/${lot.id}/photos`}
      editable
      onChange={onChange}
      testId="lot-photos"
    />
  );
}

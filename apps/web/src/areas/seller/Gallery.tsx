import { useState } from 'react';
import { api } from '../../api';
import { defineMessages, useMessages } from '../../i18n';
import { PhotoPicker, ProblemMessage, photoVariant } from '../../ui';
import type { Listing } from './api';

/** As many photos as catalog keeps per listing (`MAX_LISTING_PHOTOS`). */
const MAX_PHOTOS = 9;

const messages = defineMessages(
  {
    title: '商品照片',
    count: (n: number) => `${n}/${MAX_PHOTOS} 张，第一张显示在商品卡片上`,
    take: '拍照或选照片',
    uploading: '正在上传…',
    full: `已有 ${MAX_PHOTOS} 张，不能再加了`,
    added: '照片已添加',
  },
  {
    title: 'Photos',
    count: (n: number) => `${n} of ${MAX_PHOTOS}; the first is shown on the product card`,
    take: 'Take or choose a photo',
    uploading: 'Uploading…',
    full: `${MAX_PHOTOS} photos already; no more can be added`,
    added: 'Photo added',
  },
);

/** The listing's gallery: its photos (thumbnails) and the camera to add one, up to nine. */
export function Gallery({ listing, onChange }: { listing: Listing; onChange: (listing: Listing) => void }) {
  const t = useMessages(messages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const full = listing.images.length >= MAX_PHOTOS;
  const add = async (photo: File) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      onChange(await api.upload<Listing>('catalog', `/listings/${listing.id}/photos`, photo));
      setNotice(t.added);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="listing-gallery" data-testid="gallery">
      <h2 id="listing-gallery">{t.title}</h2>
      <p className="muted small">{t.count(listing.images.length)}</p>
      {listing.images.length > 0 && (
        <div className="row listing-images">
          {listing.images.map((url) => (
            <img key={url} src={photoVariant(url, 'thumb')} alt="" width={96} height={96} loading="lazy" />
          ))}
        </div>
      )}
      {notice && <p className="notice">{notice}</p>}
      {listing.status !== 'removed' &&
        (full ? (
          <p className="muted">{t.full}</p>
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

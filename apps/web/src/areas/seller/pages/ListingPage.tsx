import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, ProblemMessage, TextField, useApi } from '../../../ui';
import { LISTING_ACTIONS, sellerApi, type Listing, type ListingAction } from '../api';
import { ListingStatusTag, Notice } from '../components';
import { Gallery } from '../Gallery';
import { sellerMessages } from '../messages';
import { SkuForm } from '../SkuForm';
import { Tags } from '../Tags';

/** One listing: its facts, the status changes it allows now, its SKUs (add, edit) and links to stock and lots. */
export function ListingPage() {
  const { id = '' } = useParams();
  const t = useMessages(sellerMessages);
  const { data, error, loading, reload, setData } = useApi(['seller', 'ListingPage.listing', id], (signal) =>
    sellerApi.listing(id, signal),
  );
  return (
    <Page title={data?.title ?? t.tabListings}>
      <p>
        <Link to="/seller/listings">← {t.listingsTitle}</Link>
      </p>
      <AsyncView data={data} error={error} loading={loading} onRetry={reload}>
        {(listing) => <ListingView listing={listing} onChange={setData} />}
      </AsyncView>
    </Page>
  );
}

function ListingView({ listing, onChange }: { listing: Listing; onChange: (listing: Listing) => void }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const location = useLocation();
  const [notice, setNotice] = useState<string | undefined>(
    (location.state as { saved?: boolean } | null)?.saved ? t.saved : undefined,
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const removed = listing.status === 'removed';

  return (
    <>
      {notice && <Notice>{notice}</Notice>}
      <section className="card" aria-labelledby="listing-facts">
        <div className="spread">
          <h2 id="listing-facts">{t.listingFacts}</h2>
          {!removed && (
            <Link className="button button-secondary button-small" to={`/seller/listings/${listing.id}/edit`}>
              {t.edit}
            </Link>
          )}
        </div>
        <dl className="facts">
          <dt>{t.status}</dt>
          <dd>
            <ListingStatusTag status={listing.status} />
          </dd>
          {listing.statusReason && (
            <>
              <dt>{t.statusReason}</dt>
              <dd>{listing.statusReason}</dd>
            </>
          )}
          <dt>{t.purchasable}</dt>
          <dd>{listing.purchasable ? t.yes : t.no}</dd>
          <dt>{t.kind}</dt>
          <dd>{t.direction(listing.direction)}</dd>
          <dt>{t.temperature}</dt>
          <dd>
            {listing.temperature.class === 'range'
              ? `${listing.temperature.minC} – ${listing.temperature.maxC} °C`
              : t.temperatureClass(listing.temperature.class)}
          </dd>
          {listing.originVillageCode && (
            <>
              <dt>{t.origin}</dt>
              <dd>{listing.originVillageCode}</dd>
            </>
          )}
          {listing.certifications.length > 0 && (
            <>
              <dt>{t.certifications}</dt>
              <dd className="row">
                {listing.certifications.map((certification) => (
                  <span key={certification} className="tag">
                    {t.certification(certification)}
                  </span>
                ))}
              </dd>
            </>
          )}
          {listing.weightToleranceGrams !== null && (
            <>
              <dt>{t.tolerance}</dt>
              <dd>± {listing.weightToleranceGrams} g</dd>
            </>
          )}
          {listing.publishedAt && (
            <>
              <dt>{t.publishedAt}</dt>
              <dd>{f.dateTime(listing.publishedAt)}</dd>
            </>
          )}
          <dt>{t.updatedAt}</dt>
          <dd>{f.dateTime(listing.updatedAt)}</dd>
        </dl>
        {listing.description && <p className="listing-description">{listing.description}</p>}
      </section>

      <Gallery listing={listing} onChange={onChange} />

      <Tags listing={listing} />

      <StatusActions
        listing={listing}
        onDone={(next, action) => {
          onChange(next);
          setNotice(t.actionDone(action));
        }}
      />

      <section className="card" aria-labelledby="listing-skus">
        <h2 id="listing-skus">{t.skus}</h2>
        {listing.skus.length === 0 ? (
          <p className="muted">{t.noSkus}</p>
        ) : (
          <ul className="list" data-testid="skus">
            {listing.skus.map((sku) => (
              <li key={sku.id} data-testid="sku-row">
                {editing === sku.id ? (
                  <>
                    <h3>{t.editSku(sku.spec)}</h3>
                    <SkuForm
                      sku={sku}
                      onCancel={() => setEditing(null)}
                      onSave={async (fields) => {
                        onChange(await sellerApi.updateSku(sku.id, fields));
                        setEditing(null);
                        setNotice(t.saved);
                      }}
                    />
                  </>
                ) : (
                  <div className="spread">
                    <div>
                      <strong>{sku.spec}</strong>
                      <p className="muted small">
                        <span className="price">{f.fen(sku.priceFen)}</span> · {f.grams(sku.weightGrams)}
                        {sku.barcode ? ` · ${sku.barcode}` : ''} · {t.availableUnits(sku.available)}
                      </p>
                    </div>
                    <div className="row">
                      <Link className="button button-secondary button-small" to={`/seller/skus/${sku.id}/stock`}>
                        {t.stock}
                      </Link>
                      {!removed && (
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          onClick={() => setEditing(sku.id)}
                          aria-label={t.editSku(sku.spec)}
                        >
                          {t.edit}
                        </button>
                      )}
                    </div>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {!removed &&
          (adding ? (
            <>
              <h3>{t.addSku}</h3>
              <SkuForm
                onCancel={() => setAdding(false)}
                onSave={async (fields) => {
                  onChange(await sellerApi.addSku(listing.id, fields));
                  setAdding(false);
                  setNotice(t.saved);
                }}
              />
            </>
          ) : (
            <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
              + {t.addSku}
            </button>
          ))}
      </section>

      {listing.direction === 'up' && !removed && (
        <p>
          <Link className="button button-secondary" to={`/seller/lots?listing=${listing.id}`}>
            {t.lotsLink}
          </Link>
        </p>
      )}
    </>
  );
}

/** Only the transitions catalog allows from the current status are offered; archiving asks first. */
function StatusActions({
  listing,
  onDone,
}: {
  listing: Listing;
  onDone: (listing: Listing, action: ListingAction) => void;
}) {
  const t = useMessages(sellerMessages);
  const [busy, setBusy] = useState<ListingAction | null>(null);
  const [failure, setFailure] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const actions = LISTING_ACTIONS[listing.status];

  const run = async (action: ListingAction) => {
    setBusy(action);
    setFailure(undefined);
    try {
      const next = await sellerApi.transition(
        listing.id,
        action,
        action === 'remove' && reason.trim() ? reason.trim() : undefined,
      );
      setConfirming(false);
      onDone(next, action);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card" aria-labelledby="listing-actions">
      <h2 id="listing-actions">{t.actions}</h2>
      {actions.length === 0 ? (
        <p className="muted">{t.noActions}</p>
      ) : (
        <div className="row" data-testid="listing-actions">
          {actions.map((action) =>
            action === 'remove' ? (
              <button
                key={action}
                type="button"
                className="button button-secondary"
                aria-expanded={confirming}
                onClick={() => setConfirming((open) => !open)}
                disabled={busy !== null}
              >
                {t.actionLabel(action)}
              </button>
            ) : (
              <button
                key={action}
                type="button"
                className="button"
                data-action={action}
                onClick={() => void run(action)}
                disabled={busy !== null}
                aria-busy={busy === action || undefined}
              >
                {busy === action ? t.actionBusy : t.actionLabel(action)}
              </button>
            ),
          )}
        </div>
      )}
      {actions.includes('publish') && listing.skus.length === 0 && <p className="muted small">{t.publishNeedsSku}</p>}
      {confirming && (
        <div className="confirm" role="group" aria-label={t.actionLabel('remove')}>
          <p>{t.removeConfirm}</p>
          <TextField
            id="remove-reason"
            label={t.removeReason}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="form-actions">
            <button
              type="button"
              className="button button-danger"
              onClick={() => void run('remove')}
              disabled={busy !== null}
            >
              {busy === 'remove' ? t.actionBusy : t.removeConfirmButton}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              {t.cancelEdit}
            </button>
          </div>
        </div>
      )}
      <ProblemMessage error={failure} />
    </section>
  );
}

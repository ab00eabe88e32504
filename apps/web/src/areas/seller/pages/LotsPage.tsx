import { Link, useLocation, useSearchParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, SelectField, useApi } from '../../../ui';
import { sellerApi, type Lot } from '../api';
import { Notice } from '../components';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';

/** The lots of one produce listing (chosen in the URL), each with its certificate to print. */
export function LotsPage() {
  const t = useMessages(sellerMessages);
  const { org } = useSellerOrg();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const created = (location.state as { created?: Lot } | null)?.created;
  const produce = useApi(['seller', 'LotsPage.listings', org.orgId], async (signal) =>
    (await sellerApi.listings(org.orgId, undefined, signal)).filter(
      (listing) => listing.direction === 'up' && listing.status !== 'removed',
    ),
  );
  const chosen = params.get('listing') ?? produce.data?.[0]?.id ?? '';

  return (
    <Page
      title={t.lotsTitle}
      actions={
        chosen ? (
          <Link className="button" to={`/seller/lots/new?listing=${chosen}`}>
            {t.recordLot}
          </Link>
        ) : undefined
      }
    >
      <p className="muted">{t.lotsIntro}</p>
      {created && (
        <Notice>
          {t.lotCreated(created.traceCode)}{' '}
          <Link to={`/seller/lots/${created.id}/certificate?listing=${created.listingId}`}>{t.printCertificate}</Link>
        </Notice>
      )}
      <AsyncView
        data={produce.data}
        error={produce.error}
        loading={produce.loading}
        onRetry={produce.reload}
        isEmpty={(listings) => listings.length === 0}
        empty={
          <EmptyState
            title={t.noProduce}
            action={
              <Link className="button" to="/seller/listings/new">
                {t.newListing}
              </Link>
            }
          />
        }
      >
        {(listings) => (
          <>
            <div className="seller-toolbar seller-toolbar-wide">
              <SelectField
                id="lots-listing"
                label={t.listingToShow}
                value={chosen}
                onChange={(event) => setParams({ listing: event.target.value })}
              >
                {listings.map((listing) => (
                  <option key={listing.id} value={listing.id}>
                    {listing.title}
                  </option>
                ))}
              </SelectField>
            </div>
            {chosen && <LotList listingId={chosen} />}
          </>
        )}
      </AsyncView>
    </Page>
  );
}

function LotList({ listingId }: { listingId: string }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const { data, error, loading, reload } = useApi(['seller', 'LotsPage.lots', listingId], (signal) =>
    sellerApi.lots(listingId, signal),
  );
  return (
    <AsyncView
      data={data}
      error={error}
      loading={loading}
      onRetry={reload}
      isEmpty={(lots) => lots.length === 0}
      empty={
        <EmptyState
          title={t.noLots}
          action={
            <Link className="button" to={`/seller/lots/new?listing=${listingId}`}>
              {t.recordLot}
            </Link>
          }
        />
      }
    >
      {(lots) => (
        <ul className="list card" data-testid="lots">
          {lots.map((lot) => (
            <li key={lot.id} data-testid="lot-row">
              <div className="spread">
                <span className="trace-code">{lot.traceCode}</span>
                <Link
                  className="button button-secondary button-small"
                  to={`/seller/lots/${lot.id}/certificate?listing=${listingId}`}
                >
                  {t.printCertificate}
                </Link>
              </div>
              <p className="muted small">
                {t.certificateNo} {lot.certificateNo}
              </p>
              <p className="small">
                {t.harvest} {t.harvestRange(f.date(lot.harvestFrom), f.date(lot.harvestTo))} · {t.quantity}{' '}
                {lot.quantity} {t.unitLabel(lot.unit)}
                {lot.grade ? ` · ${t.grade} ${lot.grade}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </AsyncView>
  );
}

import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, useApi } from '../../../ui';
import { sellerApi, type Lot } from '../api';
import { LotPhotos } from '../Gallery';
import { sellerMessages } from '../messages';
import { useSellerOrg } from '../org';
import { qrDataUri, traceUrl } from '../qr';

/**
 * Finds a lot by id. Catalog has no GET /lots/{id}: the lots are listed per listing, so the page is given its
 * listing (?listing=) and otherwise looks through the seller's produce listings.
 */
async function findLot(orgId: string, lotId: string, listingId: string | null, signal: AbortSignal): Promise<Lot> {
  const candidates = listingId
    ? [listingId]
    : (await sellerApi.listings(orgId, undefined, signal))
        .filter((listing) => listing.direction === 'up')
        .map((listing) => listing.id);
  for (const candidate of candidates) {
    const lot = (await sellerApi.lots(candidate, signal)).find((item) => item.id === lotId);
    if (lot) {
      return lot;
    }
  }
  throw new Error('lot-not-found');
}

/** The compliance certificate of a lot as a printable label (A6), with the QR code of its public trace page. */
export function CertificatePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const listingId = params.get('listing');
  const t = useMessages(sellerMessages);
  const { org } = useSellerOrg();
  const { data, error, loading, reload, setData } = useApi(
    ['seller', 'CertificatePage.findLot', org.orgId, id, listingId],
    (signal) => findLot(org.orgId, id, listingId, signal),
  );
  const notFound = error instanceof Error && error.message === 'lot-not-found';
  return (
    <Page
      title={t.certificateTitle}
      documentTitle={data ? `${t.certificateTitle} ${data.certificateNo}` : t.certificateTitle}
      actions={
        <div className="row no-print">
          <Link className="button button-secondary" to={`/seller/lots${listingId ? `?listing=${listingId}` : ''}`}>
            {t.backToLots}
          </Link>
          {data && (
            <button type="button" className="button" onClick={() => window.print()}>
              {t.print}
            </button>
          )}
        </div>
      }
    >
      <AsyncView
        data={data}
        error={notFound ? new Error(t.lotNotFound) : error}
        loading={loading}
        onRetry={notFound ? undefined : reload}
      >
        {(lot) => (
          <>
            <Certificate lot={lot} />
            <div className="no-print">
              <LotPhotos lot={lot} onChange={setData} />
            </div>
          </>
        )}
      </AsyncView>
    </Page>
  );
}

function Certificate({ lot }: { lot: Lot }) {
  const t = useMessages(sellerMessages);
  const f = useFormat();
  const url = traceUrl(lot.traceCode);
  const [qr, setQr] = useState<string>();
  useEffect(() => {
    let current = true;
    qrDataUri(url).then(
      (uri) => current && setQr(uri),
      () => current && setQr(undefined),
    );
    return () => {
      current = false;
    };
  }, [url]);
  const pledges = [
    [lot.pledge.noBannedSubstances, t.pledgeNoBanned],
    [lot.pledge.safetyIntervalsKept, t.pledgeIntervals],
    [lot.pledge.residuesWithinLimits, t.pledgeResidues],
  ] as const;
  return (
    <article className="certificate-sheet" data-testid="certificate" aria-label={t.certificateTitle}>
      <h2>{t.certificateTitle}</h2>
      <p className="certificate-subtitle">{t.certificateSubtitle}</p>
      <p className="certificate-no">
        {t.certificateNo} <span data-testid="certificate-no">{lot.certificateNo}</span>
      </p>
      <dl className="facts">
        <dt>{t.productName}</dt>
        <dd>{lot.productName}</dd>
        <dt>{t.quantityOrWeight}</dt>
        <dd>
          {lot.quantity} {t.unitLabel(lot.unit)}
          {lot.grade ? ` · ${t.grade} ${lot.grade}` : ''}
        </dd>
        <dt>{t.producer}</dt>
        <dd>{lot.producerName}</dd>
        <dt>{t.originPlace}</dt>
        <dd>{lot.originVillageCode}</dd>
        <dt>{t.contact}</dt>
        <dd>{lot.contactPhone}</dd>
        <dt>{t.harvest}</dt>
        <dd>{t.harvestRange(f.date(lot.harvestFrom), f.date(lot.harvestTo))}</dd>
        <dt>{t.issueDate}</dt>
        <dd>{f.date(lot.issueDate)}</dd>
      </dl>
      <div className="certificate-pledge">
        <p>{t.pledgeHeading}</p>
        <ul>
          {pledges.map(([given, text]) => (
            <li key={text}>
              <span aria-hidden="true">{given ? '☑' : '☐'}</span> {text}
            </li>
          ))}
        </ul>
      </div>
      {lot.testResults.length > 0 && (
        <p className="small">
          {t.tests}:{' '}
          {lot.testResults.map((test) => `${test.item} ${test.result}（${t.passedMark(test.passed)}）`).join('；')}
        </p>
      )}
      <div className="certificate-qr">
        {qr ? (
          <img src={qr} alt={url} width={106} height={106} data-testid="certificate-qr" data-url={url} />
        ) : (
          <span className="spinner" aria-hidden="true" />
        )}
        <div>
          <p className="small">{t.scanToTrace}</p>
          <p className="trace-code" data-testid="trace-code">
            {lot.traceCode}
          </p>
          <p className="trace-url">{url}</p>
        </div>
      </div>
    </article>
  );
}

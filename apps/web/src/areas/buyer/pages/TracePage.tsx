import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, Page, PhotoStrip, PlaceName, QrCode, TextField, useApi } from '../../../ui';
import { buyerApi, type TraceView } from '../api';
import { buyerMessages } from '../messages';

function CodeForm({ initial }: { initial?: string }) {
  const t = useMessages(buyerMessages);
  const navigate = useNavigate();
  const [code, setCode] = useState(initial ?? '');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const cleaned = code.trim();
    if (cleaned) {
      void navigate(`/trace/${encodeURIComponent(cleaned)}`);
    }
  };
  return (
    <form className="form trace-form" onSubmit={onSubmit}>
      <TextField
        label={t.traceEnter}
        name="code"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        required
        hint={t.traceHint}
        value={code}
        onChange={(event) => setCode(event.target.value)}
      />
      <button type="submit" className="button">
        {t.traceSubmit}
      </button>
    </form>
  );
}

function TraceDetails({ trace }: { trace: TraceView }) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const harvest =
    trace.harvestFrom === trace.harvestTo
      ? f.date(trace.harvestFrom)
      : `${f.date(trace.harvestFrom)} – ${f.date(trace.harvestTo)}`;
  return (
    <>
      {trace.producer.status !== 'verified' && <p className="problem">{t.traceSuspended}</p>}
      <dl className="facts card" data-testid="trace-facts">
        <dt>{t.traceProduct}</dt>
        <dd>{trace.productName}</dd>
        <dt>{t.traceCertificate}</dt>
        <dd>
          <code>{trace.certificateNo}</code>
        </dd>
        <dt>{t.traceHarvest}</dt>
        <dd>{harvest}</dd>
        <dt>{t.traceQuantity}</dt>
        <dd>
          {trace.quantity} {trace.unit}
        </dd>
        {trace.grade && (
          <>
            <dt>{t.traceGrade}</dt>
            <dd>{trace.grade}</dd>
          </>
        )}
        <dt>{t.origin}</dt>
        <dd>
          <PlaceName code={trace.originVillageCode} />
        </dd>
        <dt>{t.traceProducer}</dt>
        <dd>
          <Link to={`/sellers/${trace.producer.orgId}`}>{trace.producerName}</Link>
        </dd>
        {trace.producer.hotline && (
          <>
            <dt>{t.traceContact}</dt>
            <dd>
              <a href={`tel:${trace.producer.hotline}`} data-testid="trace-hotline">
                {trace.producer.hotline}
              </a>
            </dd>
          </>
        )}
        <dt>{t.traceIssued}</dt>
        <dd>{f.date(trace.issueDate)}</dd>
        <dt>{t.certifications}</dt>
        <dd className="row">
          {trace.listing.certifications.length === 0
            ? t.certificationsNone
            : trace.listing.certifications.map((certification) => (
                <span className="tag" key={certification}>
                  {t.certification(certification)}
                </span>
              ))}
        </dd>
      </dl>
      <section className="card" aria-labelledby="pledge-title">
        <h2 id="pledge-title" className="card-title">
          {t.tracePledge}
        </h2>
        <ul className="checks">
          <li data-ok={trace.pledge.noBannedSubstances}>{t.pledgeNoBanned}</li>
          <li data-ok={trace.pledge.safetyIntervalsKept}>{t.pledgeIntervals}</li>
          <li data-ok={trace.pledge.residuesWithinLimits}>{t.pledgeResidues}</li>
        </ul>
        {trace.testResults.length > 0 && (
          <>
            <h3>{t.traceTests}</h3>
            <ul className="plain-list small">
              {trace.testResults.map((result) => (
                <li key={result.item}>
                  {result.item}：{result.result}（{result.passed ? t.passed : t.failed}）
                  {result.laboratory ? ` · ${result.laboratory}` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {trace.photos.length > 0 && (
        <section className="card" aria-labelledby="lot-photos-title" data-testid="trace-photos">
          <h2 id="lot-photos-title" className="card-title">
            {t.traceLotPhotos}
          </h2>
          <PhotoStrip photos={trace.photos} />
        </section>
      )}
      <section className="card" aria-labelledby="journeys-title">
        <h2 id="journeys-title" className="card-title">
          {t.traceJourneys}
        </h2>
        {trace.journeys.length === 0 ? (
          <p className="muted small">{t.traceNoJourneys}</p>
        ) : (
          trace.journeys.map((journey) => (
            <ol className="timeline" key={journey.shipmentId}>
              {journey.scans.map((scan, index) => (
                <li key={`${scan.at}-${index}`}>
                  <span className="timeline-status">
                    {t.scan(scan.kind)} {scan.nodeName}
                  </span>
                  <span className="muted small">
                    {f.dateTime(scan.at)}
                    {scan.temperatureC !== null ? ` · ${scan.temperatureC} °C` : ''}
                  </span>
                </li>
              ))}
            </ol>
          ))
        )}
      </section>
      <p className="row">
        <Link className="button button-secondary" to={`/listings/${trace.listing.id}`}>
          {t.traceListing}
        </Link>
      </p>
      <figure className="qr-figure">
        <QrCode text={`${window.location.origin}/trace/${trace.traceCode}`} label={t.traceThisPage} />
        <figcaption className="muted small">
          <code>{trace.traceCode}</code>
        </figcaption>
      </figure>
    </>
  );
}

/** `/trace` (type a code) and `/trace/:code` (opened from a package's QR code or a link). */
export function TracePage() {
  const { code } = useParams();
  const t = useMessages(buyerMessages);
  const trace = useApi(['buyer', 'TracePage.trace', code], (signal) =>
    code ? buyerApi.catalog.trace(code, signal) : Promise.resolve(null),
  );
  return (
    <Page title={trace.data ? `${t.traceTitle} · ${trace.data.productName}` : t.traceTitle}>
      <CodeForm key={code} initial={code} />
      {code && (
        <AsyncView {...trace} onRetry={trace.reload}>
          {(found) => (found ? <TraceDetails trace={found} /> : null)}
        </AsyncView>
      )}
    </Page>
  );
}

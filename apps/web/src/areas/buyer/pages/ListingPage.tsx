import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Loading, Page, PhotoStrip, PlaceName, useApi } from '../../../ui';
import { buyerApi, type Listing, type PublicLot } from '../api';
import { basket, MAX_QUANTITY, perJinFen } from '../basket';
import { ClaimCoupons } from '../ClaimCoupons';
import { hideBrokenImage } from '../components';
import { buyerMessages } from '../messages';
import { SaleOffers } from '../SaleOffers';

function Facts({ listing }: { listing: Listing }) {
  const t = useMessages(buyerMessages);
  const temperature =
    listing.temperature.class === 'range' && listing.temperature.minC !== null && listing.temperature.maxC !== null
      ? `${t.temperatureClass('range')} ${listing.temperature.minC}–${listing.temperature.maxC} °C`
      : t.temperatureClass(listing.temperature.class);
  return (
    <dl className="facts card" data-testid="listing-facts">
      <dt>{t.seller}</dt>
      <dd>
        <Link to={`/sellers/${listing.sellerOrgId}`}>{listing.sellerName}</Link>
        <br />
        <span className="muted small">{t.rating(listing.sellerRating.average, listing.sellerRating.count)}</span>
        <br />
        <span className="muted small" data-testid="listing-sold">
          {t.sold(listing.salesCount)}
        </span>
      </dd>
      <dt>{t.origin}</dt>
      <dd data-testid="listing-origin">
        <PlaceName code={listing.originVillageCode ?? listing.countyCode} />
      </dd>
      <dt>{t.certifications}</dt>
      <dd className="row">
        {listing.certifications.length === 0
          ? t.certificationsNone
          : listing.certifications.map((certification) => (
              <span className="tag" key={certification}>
                {t.certification(certification)}
              </span>
            ))}
      </dd>
      <dt>{t.storage}</dt>
      <dd>{temperature}</dd>
      {listing.shelfLifeDays !== null && (
        <>
          <dt>{t.shelfLife}</dt>
          <dd>{t.days(listing.shelfLifeDays)}</dd>
        </>
      )}
      {listing.weightToleranceGrams !== null && (
        <>
          <dt>{t.weightTolerance}</dt>
          <dd>{t.plusMinus(listing.weightToleranceGrams)}</dd>
        </>
      )}
    </dl>
  );
}

function LotFacts({ lot }: { lot: PublicLot }) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const passed = lot.testResults.filter((result) => result.passed).length;
  return (
    <li className="lot-summary" data-testid="listing-lot">
      <dl className="facts">
        <dt>{t.traceCertificate}</dt>
        <dd>
          <code>{lot.certificateNo}</code>
        </dd>
        <dt>{t.traceHarvest}</dt>
        <dd>
          <time dateTime={lot.harvestFrom}>{f.date(lot.harvestFrom)}</time>
          {lot.harvestTo !== lot.harvestFrom && (
            <>
              {' – '}
              <time dateTime={lot.harvestTo}>{f.date(lot.harvestTo)}</time>
            </>
          )}
        </dd>
        {lot.grade && (
          <>
            <dt>{t.traceGrade}</dt>
            <dd>{lot.grade}</dd>
          </>
        )}
        <dt>{t.traceQuantity}</dt>
        <dd>
          {lot.quantity} {lot.unit}
        </dd>
        <dt>{t.traceProducer}</dt>
        <dd>{lot.producerName}</dd>
        <dt>{t.origin}</dt>
        <dd>
          <PlaceName code={lot.originVillageCode} />
        </dd>
        <dt>{t.traceIssued}</dt>
        <dd>
          <time dateTime={lot.issueDate}>{f.date(lot.issueDate)}</time>
        </dd>
        <dt>{t.tracePledge}</dt>
        <dd>
          <ul className="checks small">
            <li data-ok={lot.pledge.noBannedSubstances}>{t.pledgeNoBanned}</li>
            <li data-ok={lot.pledge.safetyIntervalsKept}>{t.pledgeIntervals}</li>
            <li data-ok={lot.pledge.residuesWithinLimits}>{t.pledgeResidues}</li>
          </ul>
        </dd>
        {lot.testResults.length > 0 && (
          <>
            <dt>{t.traceTests}</dt>
            <dd>{t.lotTests(passed, lot.testResults.length)}</dd>
          </>
        )}
      </dl>
      <PhotoStrip photos={lot.photos} testId="listing-lot-photos" />
    </li>
  );
}

/** The produce's current lots (certificates without trace codes: those stay on the packages) and the trace link. */
function LotCard({ listingId }: { listingId: string }) {
  const t = useMessages(buyerMessages);
  const lots = useApi(['buyer', 'ListingPage.lots', listingId], (signal) => buyerApi.catalog.lots(listingId, signal));
  return (
    <section className="card" aria-labelledby="lot-title" data-testid="listing-lots">
      <h2 id="lot-title">{t.lotTitle}</h2>
      {lots.loading && lots.data === undefined ? (
        <Loading label={t.lotLoading} />
      ) : (
        <AsyncView
          {...lots}
          onRetry={lots.reload}
          isEmpty={(found) => found.length === 0}
          empty={<EmptyState title={t.lotNone} />}
        >
          {(found) => (
            <>
              <h3 className="small">{t.lotCurrent(found.length)}</h3>
              <ul className="plain-list lot-list">
                {found.map((lot) => (
                  <LotFacts key={lot.certificateNo} lot={lot} />
                ))}
              </ul>
            </>
          )}
        </AsyncView>
      )}
      <p className="small">{t.lotBody}</p>
      <Link to="/trace">{t.lotLink} →</Link>
    </section>
  );
}

function AddToBasket({ listing }: { listing: Listing }) {
  const t = useMessages(buyerMessages);
  const f = useFormat();
  const orderable = listing.skus.filter((sku) => sku.available > 0);
  const [skuId, setSkuId] = useState(orderable[0]?.id ?? '');
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  if (!listing.purchasable) {
    return <p className="problem">{t.notPurchasable}</p>;
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const sku = listing.skus.find((item) => item.id === skuId);
    if (!sku) {
      return;
    }
    basket.add(
      {
        skuId: sku.id,
        listingId: listing.id,
        title: listing.title,
        spec: sku.spec,
        priceFen: sku.priceFen,
        sellerOrgId: listing.sellerOrgId,
        sellerName: listing.sellerName,
        countyCode: listing.countyCode,
        perJinFen: listing.direction === 'up' ? perJinFen(sku.priceFen, sku.weightGrams) : undefined,
      },
      quantity,
    );
    setAdded(true);
  };
  return (
    <form className="form card" onSubmit={onSubmit} aria-label={t.addToBasket}>
      <fieldset>
        <legend>{t.chooseSku}</legend>
        {listing.skus.map((sku) => (
          <label className="choice sku-choice" key={sku.id}>
            <input
              type="radio"
              name="sku"
              value={sku.id}
              checked={skuId === sku.id}
              disabled={sku.available <= 0}
              onChange={() => {
                setSkuId(sku.id);
                setAdded(false);
              }}
            />
            <span className="sku-text">
              <span>{sku.spec}</span>
              <span className="price">{f.fen(sku.priceFen)}</span>
              <span className="muted small">
                {f.grams(sku.weightGrams)}
                {listing.direction === 'up' && sku.weightGrams > 0 && (
                  <> · {t.perJin(f.fen(perJinFen(sku.priceFen, sku.weightGrams)!))}</>
                )}{' '}
                · {t.available(sku.available)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="quantity-row">
        <label htmlFor="quantity">{t.quantity}</label>
        <input
          id="quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_QUANTITY}
          value={quantity}
          onChange={(event) => {
            setQuantity(Math.max(1, Math.min(MAX_QUANTITY, Number(event.target.value) || 1)));
            setAdded(false);
          }}
        />
      </div>
      <button type="submit" className="button button-block" disabled={!skuId}>
        {t.addToBasket}
      </button>
      {added && (
        <p className="notice" role="status">
          {t.added} · <Link to="/basket">{t.goToBasket}</Link>
        </p>
      )}
    </form>
  );
}

export function ListingPage() {
  const { id = '' } = useParams();
  const t = useMessages(buyerMessages);
  const listing = useApi(['buyer', 'ListingPage.listing', id], (signal) => buyerApi.catalog.listing(id, signal));
  if (!listing.data && !listing.error) {
    return <Loading />;
  }
  return (
    <Page title={listing.data?.title ?? t.searchTitle} className="listing-page">
      <AsyncView {...listing} onRetry={listing.reload}>
        {(found) => (
          <>
            {found.images.length > 0 && (
              <div className="gallery">
                {found.images.map((image) => (
                  <img key={image} src={image} alt="" loading="lazy" onError={hideBrokenImage} />
                ))}
              </div>
            )}
            <div className="listing-layout">
              <div>
                <Facts listing={found} />
                {found.direction === 'up' && <LotCard listingId={found.id} />}
              </div>
              <div>
                <SaleOffers listing={found} />
                <AddToBasket listing={found} />
                <ClaimCoupons listingIds={[found.id]} />
              </div>
            </div>
            {found.description && (
              <section>
                <h2>{t.description}</h2>
                <p className="prewrap">{found.description}</p>
              </section>
            )}
          </>
        )}
      </AsyncView>
    </Page>
  );
}

import { useState } from 'react';
import { useParams } from 'react-router';
import { useMessages } from '../../../i18n';
import { AsyncView, Code128, QrCode, useApi } from '../../../ui';
import { operatorApi } from '../api';
import '../label.css';
import { labelMessages } from '../labelMessages';
import { operatorMessages } from '../messages';

type LabelSize = 'thermal' | 'a6';

/**
 * A printable parcel label, 100×100 mm for the thermal printer or A6 for an office printer (`@page` rules in
 * label.css): the parcel code as a Code 128 barcode and a QR code, the destination and its path, the cold class and
 * the run.
 */
export function LabelPage() {
  const t = useMessages(operatorMessages);
  const l = useMessages(labelMessages);
  const { code = '' } = useParams();
  const [size, setSize] = useState<LabelSize>('thermal');
  const label = useApi(['operator', 'LabelPage.label', code], (signal) => operatorApi.label(code, signal));
  return (
    <div className="label-page">
      <div className="label-controls no-print">
        <h1>{l.title}</h1>
        <div className="row" role="radiogroup" aria-label={l.size}>
          {(['thermal', 'a6'] as const).map((value) => (
            <label key={value} className="label-size">
              <input type="radio" name="size" checked={size === value} onChange={() => setSize(value)} />{' '}
              {value === 'thermal' ? l.thermal : l.a6}
            </label>
          ))}
        </div>
        <button type="button" className="button" onClick={() => window.print()}>
          {l.print}
        </button>
      </div>
      <AsyncView data={label.data} error={label.error} loading={label.loading} onRetry={label.reload}>
        {(data) => (
          <article className={`parcel-label parcel-label-${size}`} data-testid="parcel-label">
            <header className="parcel-label-head">
              <strong className="parcel-label-dest">{data.destination.nodeName ?? data.destination.city ?? '—'}</strong>
              {data.temperatureClass !== 'ambient' && (
                <span className="parcel-label-cold">{t.temperatureClass(data.temperatureClass)}</span>
              )}
            </header>
            <p className="parcel-label-path">{data.destination.path.map((node) => node.name).join(' → ')}</p>
            <Code128 text={data.parcelCode} label={l.barcode(data.parcelCode)} className="parcel-label-barcode" />
            <p className="parcel-label-code">{data.parcelCode}</p>
            <div className="parcel-label-foot">
              <QrCode text={data.parcelCode} label={l.qr(data.parcelCode)} size={120} className="parcel-label-qr" />
              <dl>
                <dt>{l.recipient}</dt>
                <dd>
                  {data.recipient.name} {data.recipient.phone}
                </dd>
                <dt>{l.run}</dt>
                <dd>
                  {data.run
                    ? l.runOf(data.run.vehiclePlate, data.run.trip, data.run.runDate, data.run.stopSeq)
                    : l.noRun}
                </dd>
                <dt>{l.from}</dt>
                <dd>{data.sellerName}</dd>
              </dl>
            </div>
          </article>
        )}
      </AsyncView>
    </div>
  );
}

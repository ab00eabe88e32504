import { useState } from 'react';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { operatorApi, type ShelvesView } from '../api';
import { DaysLeft, ParcelList } from '../components';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

function Shelves({ view, showEmpty }: { view: ShelvesView; showEmpty: boolean }) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const shelfNumbers = Array.from({ length: view.shelves }, (_, index) => index + 1);
  return (
    <>
      {shelfNumbers.map((shelf) => {
        const slots = view.slots.filter((slot) => slot.shelf === shelf && (showEmpty || slot.parcels.length > 0));
        if (slots.length === 0) {
          return null;
        }
        return (
          <section key={shelf} className="op-shelf" aria-labelledby={`shelf-${shelf}`}>
            <h2 id={`shelf-${shelf}`}>{t.shelfName(shelf)}</h2>
            {slots.map((slot) => (
              <div key={slot.layer} className="card op-layer" data-testid={`slot-${slot.shelf}-${slot.layer}`}>
                <div className="spread">
                  <h3>{t.layerName(slot.layer)}</h3>
                  <span className="muted small">{t.slotFill(slot.parcels.length, view.slotCapacity)}</span>
                </div>
                {slot.parcels.length === 0 ? (
                  <p className="muted small">{t.layerEmpty}</p>
                ) : (
                  <ParcelList
                    parcels={slot.parcels}
                    showSlot={false}
                    extra={(parcel) => (
                      <div className="spread small">
                        <span className="muted">{parcel.collectBy && t.collectBy(f.dateTime(parcel.collectBy))}</span>
                        <DaysLeft collectBy={parcel.collectBy} />
                      </div>
                    )}
                  />
                )}
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}

/** What waits on which shelf and layer, with the days left to collect each parcel. */
export function ShelvesPage() {
  const t = useMessages(operatorMessages);
  const { current } = useNode();
  const nodeId = current.node.id;
  const { data, error, loading, reload } = useApi(['operator', 'ShelvesPage.shelves', nodeId], (signal) =>
    operatorApi.shelves(nodeId, signal),
  );
  const [showEmpty, setShowEmpty] = useState(false);
  return (
    <Page
      title={t.shelvesTitle}
      actions={
        <button type="button" className="button button-secondary button-small" onClick={reload}>
          {t.refresh}
        </button>
      }
    >
      <AsyncView
        data={data}
        error={error}
        loading={loading}
        onRetry={reload}
        isEmpty={(view) => view.waiting === 0}
        empty={<EmptyState title={t.shelvesEmpty}>{t.shelvesEmptyBody}</EmptyState>}
      >
        {(view) => (
          <>
            <p className="muted">{t.shelvesSummary(view.waiting, view.shelves, view.layers)}</p>
            <label className="choice">
              <input type="checkbox" checked={showEmpty} onChange={(event) => setShowEmpty(event.target.checked)} />
              <span>{t.showEmptyLayers}</span>
            </label>
            <Shelves view={view} showEmpty={showEmpty} />
          </>
        )}
      </AsyncView>
    </Page>
  );
}

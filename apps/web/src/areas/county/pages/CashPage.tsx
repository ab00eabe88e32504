import { useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, useApi } from '../../../ui';
import { countyApi } from '../api';
import { ConfirmAction, DayPicker, ScrollTable, useCountyFormat, useDayParam } from '../components';
import { useCounty } from '../CountyLayout';
import { countyMessages } from '../messages';

/**
 * County staff reconcile the service points' cash for a day (from the ledger: at the start, taken, refunded in cash,
 * handed over, held) and confirm each hand-over once they have counted it.
 */
export function CashPage() {
  const t = useMessages(countyMessages);
  const f = useCountyFormat();
  const { code } = useCounty();
  const [date, setDate] = useDayParam();
  const view = useApi(['county', 'CashPage.books', code, date], (signal) =>
    countyApi.orders.cashBooks(code, date, signal),
  );
  const names = new Map((view.data?.points ?? []).map((point) => [point.pointOrgId, point.name ?? point.pointOrgId]));
  return (
    <Page title={t.cashTitle}>
      <p className="muted">{t.cashIntro}</p>
      <DayPicker value={date} onChange={setDate} />
      <AsyncView data={view.data} error={view.error} loading={view.loading && !view.data} onRetry={view.reload}>
        {(books) => (
          <>
            <section className="card" aria-labelledby="cash-to-confirm">
              <h2 id="cash-to-confirm">{t.cashToConfirm}</h2>
              {books.toConfirm.length === 0 ? (
                <EmptyState title={t.cashNothingToConfirm} />
              ) : (
                <ul className="stack" data-testid="cash-handovers">
                  {books.toConfirm.map((handover) => (
                    <li key={handover.id} className="spread" data-testid="cash-handover">
                      <span>
                        {names.get(handover.pointOrgId) ?? handover.pointOrgId} · {f.fen(handover.amountFen)}
                        {handover.note ? ` · ${handover.note}` : ''}
                      </span>
                      <ConfirmAction
                        label={t.cashConfirm}
                        question={t.cashConfirmQuestion(f.fen(handover.amountFen))}
                        confirmLabel={t.cashConfirmYes}
                        onConfirm={async () => {
                          await countyApi.orders.confirmHandover(handover.id);
                          view.reload();
                        }}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <div className="card">
              {books.points.length === 0 ? (
                <EmptyState title={t.cashNoPoints} />
              ) : (
                <ScrollTable label={t.cashTitle}>
                  <thead>
                    <tr>
                      <th scope="col">{t.cashPoint}</th>
                      <th scope="col">{t.cashOpening}</th>
                      <th scope="col">{t.cashTaken}</th>
                      <th scope="col">{t.cashRefunded}</th>
                      <th scope="col">{t.cashHandedOver}</th>
                      <th scope="col">{t.cashClosing}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {books.points.map((point) => (
                      <tr key={point.pointOrgId} data-testid="cash-point">
                        <th scope="row">{point.name ?? point.pointOrgId}</th>
                        <td className="num">{f.fen(point.openingFen)}</td>
                        <td className="num">{f.fen(point.takenFen)}</td>
                        <td className="num">{f.fen(point.refundedFen)}</td>
                        <td className="num">{f.fen(point.handedOverFen)}</td>
                        <td className="num">{f.fen(point.closingFen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </ScrollTable>
              )}
            </div>
          </>
        )}
      </AsyncView>
    </Page>
  );
}

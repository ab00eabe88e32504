import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useFormat, useMessages } from '../../../i18n';
import { AsyncView, EmptyState, Page, ProblemMessage, SubmitButton, TextField, useApi } from '../../../ui';
import { operatorApi, type CashBook } from '../api';
import { operatorMessages } from '../messages';
import { useNode } from '../node';

interface HandoverForm {
  yuan: string;
  note: string;
}

/**
 * The point's cash for today, read from the ledger: at the start, taken, refunded in cash, handed to the county,
 * held now; the cash refunds to pay out; and the hand-over of cash to the county office.
 */
export function CashBookPage() {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  const { current } = useNode();
  const [book, setBook] = useState<CashBook>();
  const [actionError, setActionError] = useState<unknown>();
  const [declared, setDeclared] = useState(false);
  const loaded = useApi(['operator', 'CashBookPage.book', current.orgId], (signal) =>
    operatorApi.cashBook(current.orgId, undefined, signal),
  );
  const { register, handleSubmit, reset, formState } = useForm<HandoverForm>({ defaultValues: { yuan: '', note: '' } });

  const payRefund = async (refundId: string) => {
    setActionError(undefined);
    try {
      setBook(await operatorApi.payRefundInCash(refundId));
    } catch (error) {
      setActionError(error);
    }
  };
  const declare = handleSubmit(async (form) => {
    setActionError(undefined);
    setDeclared(false);
    try {
      await operatorApi.declareHandover(current.orgId, {
        amountFen: Math.round(Number(form.yuan) * 100),
        note: form.note.trim() || undefined,
      });
      setDeclared(true);
      reset();
      setBook(await operatorApi.cashBook(current.orgId, undefined));
    } catch (error) {
      setActionError(error);
    }
  });

  return (
    <Page title={t.cashBookTitle}>
      <AsyncView data={book ?? loaded.data} error={loaded.error} loading={loaded.loading} onRetry={loaded.reload}>
        {(cash) => (
          <>
            <ul className="op-tiles" data-testid="cash-day">
              {(
                [
                  ['opening', t.cashOpening, cash.day.openingFen],
                  ['taken', t.cashTaken, cash.day.takenFen],
                  ['refunded', t.cashRefunded, cash.day.refundedFen],
                  ['handedOver', t.cashHandedOver, cash.day.handedOverFen],
                  ['closing', t.cashClosing, cash.day.closingFen],
                ] as const
              ).map(([key, label, fen]) => (
                <li key={key}>
                  <div className="op-tile">
                    <span className="op-tile-number price" data-figure={key}>
                      {f.fen(fen)}
                    </span>
                    <span className="op-tile-label">{label}</span>
                  </div>
                </li>
              ))}
            </ul>
            {cash.day.declaredFen > 0 && <p className="small muted">{t.cashDeclared(f.fen(cash.day.declaredFen))}</p>}

            {cash.refundsDue.length > 0 && (
              <div className="card">
                <h2>{t.refundsDueTitle}</h2>
                <ul className="op-orders">
                  {cash.refundsDue.map((refund) => (
                    <li key={refund.refundId} className="spread">
                      <span>{t.refundDue(f.fen(refund.amountFen))}</span>
                      <button type="button" className="button" onClick={() => void payRefund(refund.refundId)}>
                        {t.refundPaid}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}

            <form className="card" onSubmit={(event) => void declare(event)} noValidate>
              <h2>{t.handoverTitle}</h2>
              <TextField
                label={t.handoverAmount}
                inputMode="decimal"
                required
                error={formState.errors.yuan?.message}
                {...register('yuan', { required: true, pattern: /^\d+(\.\d{1,2})?$/ })}
              />
              <TextField label={t.handoverNote} maxLength={200} {...register('note')} />
              <SubmitButton busy={formState.isSubmitting}>{t.handoverSubmit}</SubmitButton>
              {declared && <p className="small">{t.handoverDeclared}</p>}
            </form>
            <ProblemMessage error={actionError} />

            <div className="card">
              <h2>{t.movementsTitle}</h2>
              {cash.movements.length === 0 ? (
                <EmptyState title={t.movementsNone} />
              ) : (
                <ul className="op-orders">
                  {cash.movements.map((movement, index) => (
                    <li key={`${movement.postedAt}-${index}`} className="spread small">
                      <span>
                        {f.dateTime(movement.postedAt)} · {t.movementKind(movement.kind)}
                      </span>
                      <span className="price">{f.fen(movement.amountFen)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </>
        )}
      </AsyncView>
    </Page>
  );
}

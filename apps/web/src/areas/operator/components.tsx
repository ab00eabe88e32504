import { type ReactNode } from 'react';
import { useFormat, useMessages } from '../../i18n';
import { daysLeft, type OrderStatus, type PointParcel } from './api';
import { operatorMessages } from './messages';

// the scan field (typing, hand scanner, camera) is shared with the driver's screens
export { ScanForm, useFocusOnOpen } from '../../ui/scan';

// ---- parcels --------------------------------------------------------------------------------------------------

/** "3 days left", "due today", "2 days overdue" for a collect-by time. */
export function DaysLeft({ collectBy }: { collectBy: string | null }) {
  const t = useMessages(operatorMessages);
  const days = daysLeft(collectBy);
  if (days === null) {
    return null;
  }
  const tone = days < 0 ? 'op-pill-bad' : days <= 1 ? 'op-pill-warn' : 'op-pill-good';
  return <span className={`op-pill ${tone}`}>{t.daysLeft(days)}</span>;
}

/** One parcel at the point: its label code, the recipient (masked by the API), the slot and what else matters. */
export function ParcelItem({
  parcel,
  extra,
  showSlot = true,
}: {
  parcel: PointParcel;
  extra?: ReactNode;
  showSlot?: boolean;
}) {
  const t = useMessages(operatorMessages);
  const f = useFormat();
  return (
    <li className="op-parcel" data-testid="parcel" data-parcel-code={parcel.parcelCode}>
      <div className="spread">
        <strong className="op-parcel-code">{parcel.parcelCode}</strong>
        {showSlot && parcel.shelf !== null && parcel.layer !== null && (
          <span className="op-slot">{t.slot(parcel.shelf, parcel.layer)}</span>
        )}
      </div>
      <div className="spread small">
        <span>
          {parcel.recipientName} · {t.phoneTail(parcel.recipientPhoneTail)}
        </span>
        <span className="muted">
          {f.grams(parcel.weightGrams)}
          {parcel.temperatureClass !== 'ambient' && ` · ${t.temperatureClass(parcel.temperatureClass)}`}
        </span>
      </div>
      {extra}
    </li>
  );
}

export function ParcelList({
  parcels,
  extra,
  showSlot,
}: {
  parcels: PointParcel[];
  extra?: (parcel: PointParcel) => ReactNode;
  showSlot?: boolean;
}) {
  return (
    <ul className="op-parcels">
      {parcels.map((parcel) => (
        <ParcelItem key={parcel.shipmentId} parcel={parcel} extra={extra?.(parcel)} showSlot={showSlot} />
      ))}
    </ul>
  );
}

const ORDER_TONE: Partial<Record<OrderStatus, string>> = {
  placed: 'op-pill-warn',
  awaiting_payment: 'op-pill-warn',
  rejected: 'op-pill-bad',
  cancelled: 'op-pill-muted',
  returned: 'op-pill-bad',
  refunded: 'op-pill-muted',
  completed: 'op-pill-good',
  ready_for_pickup: 'op-pill-good',
};

export function OrderStatusPill({ status }: { status: OrderStatus }) {
  const t = useMessages(operatorMessages);
  return <span className={`op-pill ${ORDER_TONE[status] ?? ''}`}>{t.orderStatus(status)}</span>;
}

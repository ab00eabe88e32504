import { Address, TemperatureClass } from '@countyflow/contracts';

export interface CarrierHandover {
  shipmentId: string;
  parcelCode: string;
  weightGrams: number;
  volumeMl: number;
  temperatureClass: TemperatureClass;
  address: Address;
  recipientName: string;
  recipientPhone: string;
  /** The number on the carrier's own waybill, scanned at the hand-over (a carrier that issues none needs it). */
  waybillNo?: string;
}

export interface CarrierBooking {
  carrier: string;
  waybillNo: string;
  /** For a simulated carrier: when it will confirm delivery by itself. */
  confirmAfter: Date | null;
  /** The carrier must still be asked to track the waybill (`subscribe`), after the hand-over commits. */
  subscriptionPending: boolean;
}

/** A delivery the carrier confirmed: its waybill, when and (its words) who signed for it. */
export interface CarrierDelivery {
  waybillNo: string;
  occurredAt: Date;
  signedBy: string | null;
}

/**
 * An express carrier that takes produce from the county hub to city addresses. It answers a booking with a
 * waybill number and later says it delivered: the simulator by `POST /carrier/webhook` (signed with
 * CARRIER_WEBHOOK_SECRET), 快递100 by its signed push to `POST /carrier/kuaidi100/push`.
 */
export abstract class CarrierPort {
  abstract readonly name: string;
  /** Takes the parcel without calling out (it runs inside the hand-over's transaction). */
  abstract book(handover: CarrierHandover, now: Date): Promise<CarrierBooking>;
  /**
   * Asks the carrier to track a booked waybill; called after the hand-over commits and again by the sweep until it
   * resolves, so it must be idempotent. Throws a Problem when the carrier did not take it.
   */
  abstract subscribe(handover: CarrierHandover & { waybillNo: string }): Promise<void>;
}

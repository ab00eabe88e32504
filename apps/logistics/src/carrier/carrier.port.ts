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
  abstract book(handover: CarrierHandover, now: Date): Promise<CarrierBooking>;
}

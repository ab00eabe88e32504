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
}

export interface CarrierBooking {
  carrier: string;
  waybillNo: string;
  /** For a simulated carrier: when it will confirm delivery by itself. */
  confirmAfter: Date | null;
}

/**
 * An express carrier that takes produce from the county hub to city addresses. It answers a booking with a
 * waybill number and later calls `POST /carrier/webhook`, signed with CARRIER_WEBHOOK_SECRET, when it delivers.
 */
export abstract class CarrierPort {
  abstract readonly name: string;
  abstract book(handover: CarrierHandover, now: Date): Promise<CarrierBooking>;
}

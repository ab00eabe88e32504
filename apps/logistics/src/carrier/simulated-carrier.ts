import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { LogisticsConfig } from '../logistics.config';
import { CarrierBooking, CarrierHandover, CarrierPort } from './carrier.port';
import { signWebhook } from './webhook-signature';

export interface CarrierWebhookBody {
  waybillNo: string;
  status: 'delivered';
  occurredAt: string;
  signedBy?: string;
}

export interface SignedWebhook {
  timestamp: string;
  signature: string;
  body: CarrierWebhookBody;
}

/** The built-in carrier for development and tests: books at once and confirms delivery by a signed webhook. */
@Injectable()
export class SimulatedCarrier extends CarrierPort {
  readonly name = 'simulated-express';

  constructor(private readonly config: LogisticsConfig) {
    super();
  }

  book(handover: CarrierHandover, now: Date): Promise<CarrierBooking> {
    const waybillNo =
      handover.waybillNo ??
      `SX${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    return Promise.resolve({
      carrier: this.name,
      waybillNo,
      confirmAfter: new Date(now.getTime() + this.config.simulatedCarrierDeliveryMinutes * 60_000),
      subscriptionPending: false,
    });
  }

  /** The simulator tracks what it booked. */
  subscribe(): Promise<void> {
    return Promise.resolve();
  }

  /** The webhook this carrier sends when it delivers, signed exactly as a real carrier's would be. */
  deliveryWebhook(waybillNo: string, deliveredAt: Date, now: Date): SignedWebhook {
    const body: CarrierWebhookBody = {
      waybillNo,
      status: 'delivered',
      occurredAt: deliveredAt.toISOString(),
      signedBy: '本人签收',
    };
    const timestamp = Math.floor(now.getTime() / 1000);
    return {
      timestamp: String(timestamp),
      signature: signWebhook(this.config.carrierWebhookSecret, timestamp, body),
      body,
    };
  }
}

import { EventName, normalizeTraceCode } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { EventPublisher } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Shipment } from '../shipment/shipment.entities';
import { LotRepository } from './lot.repository';

/** Grams per unit of the lot units that are weights; other units (pieces, boxes, bags, crates) are not weighed off. */
export const GRAMS_PER_UNIT: Readonly<Record<string, number>> = { kg: 1000, jin: 500 };

/**
 * First-kilometre integrity: the lots a hand-in names must exist (in logistics' copy of catalog's lots), belong
 * to the order's seller and not be past their best-before date; the weighed produce is taken off the first lot
 * with one conditional UPDATE (never below zero, whatever the concurrency), and `lot.taken` tells catalog.
 */
@Injectable()
export class LotService {
  constructor(
    private readonly lots: LotRepository,
    private readonly events: EventPublisher,
  ) {}

  /** Checks the hand-in's lots and takes the weight off; returns the normalised trace codes. */
  async takeForHandIn(
    manager: EntityManager,
    shipment: Shipment,
    traceCodes: string[],
    weighedGrams: number,
    today: string,
    at: Date,
  ): Promise<string[]> {
    const normalised = traceCodes.map((code) => ({ given: code, code: normalizeTraceCode(code) }));
    const unknown = normalised.find((entry) => entry.code === null);
    if (unknown) {
      throw lotUnknown(unknown.given);
    }
    const codes = [...new Set(normalised.map((entry) => entry.code!))];
    const found = new Map((await this.lots.findByTraceCodes(manager, codes)).map((lot) => [lot.traceCode, lot]));
    for (const code of codes) {
      const lot = found.get(code);
      if (!lot) {
        throw lotUnknown(code);
      }
      if (lot.sellerOrgId !== shipment.sellerOrgId) {
        throw new Problem(
          422,
          'lot-not-sellers',
          `lot ${code} is not a lot of ${shipment.sellerName}, who sold parcel ${shipment.parcelCode}`,
          { traceCode: code },
        );
      }
      if (lot.bestBefore && lot.bestBefore < today) {
        throw new Problem(422, 'lot-expired', `lot ${code} was best before ${lot.bestBefore}; it cannot be sent`, {
          traceCode: code,
          bestBefore: lot.bestBefore,
        });
      }
    }
    const first = found.get(codes[0])!;
    if (first.gramsLeft !== null) {
      if (!(await this.lots.take(manager, first.lotId, weighedGrams))) {
        const [now] = await this.lots.findByTraceCodes(manager, [first.traceCode]);
        throw new Problem(
          422,
          'lot-insufficient',
          `lot ${first.traceCode} has ${now.gramsLeft} g left to hand in; this parcel weighs ${weighedGrams} g`,
          { traceCode: first.traceCode, gramsLeft: now.gramsLeft, askedGrams: weighedGrams },
        );
      }
      await this.events.publish(manager, EventName.LotTaken, {
        lotId: first.lotId,
        traceCode: first.traceCode,
        grams: weighedGrams,
        shipmentId: shipment.id,
        orderId: shipment.orderId,
        at: at.toISOString(),
      });
    }
    return codes;
  }
}

const lotUnknown = (code: string): Problem =>
  new Problem(422, 'lot-unknown', `no lot has the trace code ${code}; scan the code on the lot's certificate`, {
    traceCode: code,
  });

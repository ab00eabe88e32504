import { EventName, EventOf } from '@countyflow/contracts';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { LotRepository } from './lot.repository';
import { normalizeTraceCode } from './trace-code';

/** Each lot's trace follows the parcels that carry it. */
@Injectable()
export class LotHandlers {
  constructor(private readonly lots: LotRepository) {}

  /** A hand-in weighed produce off a lot: mirror it on the lot. */
  @OnEvent(EventName.LotTaken)
  async handleLotTaken(data: EventOf<EventName.LotTaken>, { manager }: EventContext): Promise<void> {
    await this.lots.addTaken(manager, data.lotId, data.grams);
  }

  /** A parcel carrying lots was scanned somewhere: add the stop to each lot's trace. */
  @OnEvent(EventName.ShipmentScanned)
  async handleShipmentScanned(data: EventOf<EventName.ShipmentScanned>, { manager }: EventContext): Promise<void> {
    const codes = (data.traceCodes ?? []).map((code) => normalizeTraceCode(code)).filter((code) => code !== null);
    if (codes.length === 0) {
      return;
    }
    await this.lots.recordScans(manager, codes, {
      shipmentId: data.shipmentId,
      orderId: data.orderId,
      nodeCode: data.nodeCode,
      nodeName: data.nodeName,
      kind: data.kind,
      temperatureC: data.temperatureC,
      at: data.at,
    });
  }
}

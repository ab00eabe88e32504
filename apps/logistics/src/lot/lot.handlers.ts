import { EventName, EventOf } from '@countyflow/contracts';
import { EventContext, OnEvent } from '@countyflow/messaging';
import { Injectable } from '@nestjs/common';
import { LotRepository } from './lot.repository';
import { GRAMS_PER_UNIT } from './lot.service';

/** Logistics' copy of catalog's lots. */
@Injectable()
export class LotHandlers {
  constructor(private readonly lots: LotRepository) {}

  @OnEvent(EventName.LotRecorded)
  async handleLotRecorded(data: EventOf<EventName.LotRecorded>, { manager }: EventContext): Promise<void> {
    const perUnit = GRAMS_PER_UNIT[data.unit];
    const grams = perUnit === undefined ? null : Math.round(data.quantity * perUnit);
    await this.lots.record(manager, {
      lotId: data.lotId,
      traceCode: data.traceCode,
      sellerOrgId: data.sellerOrgId,
      bestBefore: data.bestBefore,
      recordedGrams: grams,
      gramsLeft: grams,
      recordedAt: new Date(data.recordedAt),
    });
  }
}

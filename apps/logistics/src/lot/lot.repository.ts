import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { LotCopy } from './lot-copy.entity';

@Injectable()
export class LotRepository {
  /** Keeps the first copy of a lot (a redelivered `lot.recorded` changes nothing). */
  async record(manager: EntityManager, lot: LotCopy): Promise<void> {
    await manager.getRepository(LotCopy).createQueryBuilder().insert().values(lot).orIgnore().execute();
  }

  findByTraceCodes(manager: EntityManager, traceCodes: string[]): Promise<LotCopy[]> {
    return manager.getRepository(LotCopy).findBy({ traceCode: In(traceCodes) });
  }

  /**
   * Takes grams off a lot with one conditional UPDATE: false when less is left (so concurrent hand-ins never
   * overdraw a lot — the row lock makes the second wait and then see what the first left).
   */
  async take(manager: EntityManager, lotId: string, grams: number): Promise<boolean> {
    const [, affected] = await manager.query<[unknown, number]>(
      `UPDATE lot_copy SET grams_left = grams_left - $2 WHERE lot_id = $1 AND grams_left >= $2`,
      [lotId, grams],
    );
    return affected === 1;
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BuyerAddress } from './address.entity';

@Injectable()
export class AddressRepository {
  list(manager: EntityManager, buyerId: string): Promise<BuyerAddress[]> {
    return manager.getRepository(BuyerAddress).find({
      where: { buyerId },
      order: { isDefault: 'DESC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Serialises every change to one buyer's book (lock order: this lock first, then the rows). */
  async lockBook(manager: EntityManager, buyerId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`orders:address-book:${buyerId}`]);
  }

  count(manager: EntityManager, buyerId: string): Promise<number> {
    return manager.getRepository(BuyerAddress).countBy({ buyerId });
  }

  find(manager: EntityManager, buyerId: string, id: string): Promise<BuyerAddress | null> {
    return manager.getRepository(BuyerAddress).findOneBy({ buyerId, id });
  }

  async clearDefault(manager: EntityManager, buyerId: string): Promise<void> {
    await manager.getRepository(BuyerAddress).update({ buyerId, isDefault: true }, { isDefault: false });
  }

  save(manager: EntityManager, address: Partial<BuyerAddress>): Promise<BuyerAddress> {
    return manager.getRepository(BuyerAddress).save(address);
  }

  async remove(manager: EntityManager, address: BuyerAddress): Promise<void> {
    await manager.getRepository(BuyerAddress).delete({ id: address.id });
  }

  /** The oldest remaining address, to become the default when the default one is deleted. */
  oldest(manager: EntityManager, buyerId: string): Promise<BuyerAddress | null> {
    return manager.getRepository(BuyerAddress).findOne({ where: { buyerId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}

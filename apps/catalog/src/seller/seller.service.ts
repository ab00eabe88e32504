import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
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

  /** The owners of a selling organisation publish its hotline (or withdraw it with null). */
  async setHotline(principal: Principal, orgId: string, hotline: string | null): Promise<SellerResponseDto> {
    if (!principal.isMemberOf(orgId, [MembershipRole.Owner])) {
      throw new Problem(403, 'not-a-member', `only owners of organisation ${orgId} publish its hotline`);
    }
    const seller = await this.sellers.setHotline(this.db.manager, orgId, hotline);
    if (!seller) {
      throw new Problem(404, 'seller-not-found', `no seller ${orgId} is known to the catalog (not yet verified?)`);
    }
    return mapSeller(seller);
  }

  async listVerified(countyCode: string): Promise<SellerResponseDto[]> {
    return (await this.sellers.listVerifiedByCounty(countyCode)).map(mapSeller);
  }
}

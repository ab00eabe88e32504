import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Injectable } from '@nestjs/common';
import { FreightTemplateResponseDto, FreightTemplateUpdateDto, mapFreightTemplate } from './freight.dto';
import { FreightRepository } from './freight.repository';

const SELLER_ROLES = [MembershipRole.Owner, MembershipRole.Staff];

/** A seller keeps its freight template; checkout and the basket's quote apply it (`freight.rules.ts`). */
@Injectable()
export class FreightService {
  constructor(private readonly templates: FreightRepository) {}

  async get(principal: Principal, sellerOrgId: string): Promise<FreightTemplateResponseDto> {
    this.assertSeller(principal, sellerOrgId);
    const template = await this.templates.find(sellerOrgId);
    return template
      ? mapFreightTemplate(template)
      : {
          sellerOrgId,
          firstKgFen: 0,
          additionalKgFen: 0,
          regions: [],
          freeAboveFen: null,
          coldChainSurchargeFen: 0,
          pickupFeeFen: 0,
          updatedAt: null,
        };
  }

  async save(
    principal: Principal,
    sellerOrgId: string,
    dto: FreightTemplateUpdateDto,
  ): Promise<FreightTemplateResponseDto> {
    this.assertSeller(principal, sellerOrgId);
    return mapFreightTemplate(
      await this.templates.save({
        sellerOrgId,
        firstKgFen: dto.firstKgFen,
        additionalKgFen: dto.additionalKgFen,
        regions: dto.regions.map((region) => ({
          provinces: region.provinces.map((province) => province.trim()),
          firstKgFen: region.firstKgFen,
          additionalKgFen: region.additionalKgFen,
        })),
        freeAboveFen: dto.freeAboveFen ?? null,
        coldChainSurchargeFen: dto.coldChainSurchargeFen,
        pickupFeeFen: dto.pickupFeeFen,
        updatedBy: principal.userId,
      }),
    );
  }

  private assertSeller(principal: Principal, sellerOrgId: string): void {
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(sellerOrgId, SELLER_ROLES);
    }
  }
}

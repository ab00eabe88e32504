import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Injectable } from '@nestjs/common';
import { CommissionSummaryResponseDto, mapCommission } from './commission.dto';
import { CommissionRepository } from './commission.repository';

@Injectable()
export class CommissionService {
  constructor(private readonly commissions: CommissionRepository) {}

  async summary(principal: Principal, orgId: string): Promise<CommissionSummaryResponseDto> {
    if (!principal.isPlatformAdmin()) {
      principal.assertMemberOf(orgId, [MembershipRole.Owner, MembershipRole.Operator]);
    }
    const [totals, items] = await Promise.all([
      this.commissions.totalsForOrg(orgId),
      this.commissions.listForOrg(orgId, 200),
    ]);
    return {
      servicePointOrgId: orgId,
      earnedFen: totals.earned,
      pendingFen: totals.pending,
      items: items.map(mapCommission),
    };
  }
}

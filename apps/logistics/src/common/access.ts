import { Principal } from '@countyflow/auth';
import { MembershipRole } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';

export interface OperatedNode {
  id: string;
  code: string;
  name: string;
  countyCode: string;
  operatorOrgId: string | null;
}

/** Roles of a node's operator organisation that work at the node (a driver works the runs of their vehicle). */
export const NODE_HANDS = [MembershipRole.Owner, MembershipRole.Operator];

/** Members of the node's operator organisation run it; county staff of its county may act at any of its nodes. */
export function canOperate(principal: Principal, node: OperatedNode): boolean {
  return (
    (node.operatorOrgId !== null && principal.isMemberOf(node.operatorOrgId, NODE_HANDS)) ||
    principal.isCountyStaffOf(node.countyCode)
  );
}

export function assertCanOperate(principal: Principal, node: OperatedNode): void {
  if (!canOperate(principal, node)) {
    throw new Problem(
      403,
      'not-node-operator',
      `you do not operate ${node.name} (${node.code}): only its operator organisation and county staff of ${node.countyCode} act there`,
    );
  }
}

/** County staff of the county, or a platform admin (read-only views). */
export function assertCanOversee(principal: Principal, countyCode: string): void {
  if (!principal.isCountyStaffOf(countyCode) && !principal.isPlatformAdmin()) {
    throw new Problem(403, 'not-county-staff', `you are not county staff of county ${countyCode}`);
  }
}

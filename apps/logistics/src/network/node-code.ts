import { NodeLevel } from './network.entities';

const LEVEL_BY_LENGTH: Record<number, NodeLevel> = {
  6: NodeLevel.CountyHub,
  9: NodeLevel.TownStation,
  12: NodeLevel.VillagePoint,
};

const PARENT_LEVEL: Record<NodeLevel, NodeLevel | null> = {
  [NodeLevel.CountyHub]: null,
  [NodeLevel.TownStation]: NodeLevel.CountyHub,
  [NodeLevel.VillagePoint]: NodeLevel.TownStation,
};

/** The level a node's administrative code names: 6 digits a county (hub), 9 a township, 12 a village. */
export function levelOfCode(code: string): NodeLevel | null {
  return /^\d+$/.test(code) ? (LEVEL_BY_LENGTH[code.length] ?? null) : null;
}

/**
 * Why a node with `code` cannot sit under `parent` (null when it can): the hub has no parent, a town station sits
 * under its county's hub, a village point under its township's station, and each code extends its parent's.
 */
export function placementProblem(code: string, parent: { code: string; level: NodeLevel } | null): string | null {
  const level = levelOfCode(code);
  if (!level) {
    return `code ${code} is not an administrative code of 6 (county), 9 (township) or 12 (village) digits`;
  }
  const expectedParent = PARENT_LEVEL[level];
  if (!expectedParent) {
    return parent ? `a county hub (code ${code}) has no parent node` : null;
  }
  if (!parent) {
    return `a ${level.replace('_', ' ')} (code ${code}) needs a parent ${expectedParent.replace('_', ' ')}`;
  }
  if (parent.level !== expectedParent) {
    return `a ${level.replace('_', ' ')} sits under a ${expectedParent.replace('_', ' ')}, not a ${parent.level.replace('_', ' ')}`;
  }
  if (!code.startsWith(parent.code)) {
    return `code ${code} does not extend its parent's code ${parent.code}`;
  }
  return null;
}

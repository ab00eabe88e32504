import { TemperatureClass, TemperatureRequirement } from '@countyflow/contracts';
import { createHash } from 'node:crypto';

const STRICTNESS: Record<TemperatureClass, number> = {
  [TemperatureClass.Ambient]: 0,
  [TemperatureClass.Range]: 1,
  [TemperatureClass.Chilled]: 2,
  [TemperatureClass.Frozen]: 3,
};

/**
 * One parcel travels at one temperature: the strictest class among its lines, and for explicit ranges the
 * narrowest range that satisfies all of them.
 */
export function strictestTemperature(requirements: TemperatureRequirement[]): TemperatureRequirement {
  let result: TemperatureRequirement = { class: TemperatureClass.Ambient, minC: null, maxC: null };
  for (const requirement of requirements) {
    if (STRICTNESS[requirement.class] > STRICTNESS[result.class]) {
      result = { ...requirement };
    } else if (requirement.class === result.class && requirement.class === TemperatureClass.Range) {
      result = {
        class: TemperatureClass.Range,
        minC: max(result.minC, requirement.minC),
        maxC: min(result.maxC, requirement.maxC),
      };
    }
  }
  return result;
}

const max = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));
const min = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

/** JSON with keys in a fixed order, so that the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const requestHash = (kind: string, body: unknown): string =>
  createHash('sha256')
    .update(`${kind}\n${canonicalJson(body)}`)
    .digest('hex');

/** The words a buyer agrees to when choosing a service point; stored with the order as the consent record. */
export const stationConsentText = (pointName: string): string =>
  `本人同意将包裹投递至「${pointName}」代为保管，凭取件码或本人有效证件领取。` +
  ` I agree to have my parcel left at ${pointName} and to collect it there with my pickup code.`;

export const assistedConsentText = (pointName: string, operatorName: string): string =>
  `村民本人已口头同意由「${pointName}」代收包裹并到站领取（操作员 ${operatorName} 代为确认）。` +
  ` The villager agreed in person to collect the parcel at ${pointName}; confirmed by operator ${operatorName}.`;

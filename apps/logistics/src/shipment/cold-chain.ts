import { TemperatureClass, TemperatureRequirement } from '@countyflow/contracts';

export interface TemperatureRange {
  minC: number | null;
  maxC: number | null;
}

/** Chilled 0–4 °C, frozen ≤ −18 °C, range as given (banana ≥ 13 °C); explicit bounds override the class defaults. */
export function rangeFor(requirement: TemperatureRequirement): TemperatureRange | null {
  switch (requirement.class) {
    case TemperatureClass.Ambient:
      return null;
    case TemperatureClass.Chilled:
      return { minC: requirement.minC ?? 0, maxC: requirement.maxC ?? 4 };
    case TemperatureClass.Frozen:
      return { minC: requirement.minC ?? null, maxC: requirement.maxC ?? -18 };
    case TemperatureClass.Range:
      return { minC: requirement.minC ?? null, maxC: requirement.maxC ?? null };
  }
}

/** Chilled, frozen and range goods ride refrigerated vehicles, wait in cold storage and are read at every hand-over. */
export const needsColdChain = (temperatureClass: TemperatureClass): boolean =>
  temperatureClass !== TemperatureClass.Ambient;

export function isExcursion(range: TemperatureRange, readingC: number): boolean {
  return (range.minC !== null && readingC < range.minC) || (range.maxC !== null && readingC > range.maxC);
}

export function describeRange(range: TemperatureRange): string {
  if (range.minC !== null && range.maxC !== null) {
    return `${range.minC}–${range.maxC} °C`;
  }
  return range.minC !== null ? `≥ ${range.minC} °C` : range.maxC !== null ? `≤ ${range.maxC} °C` : 'any temperature';
}

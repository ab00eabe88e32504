import { TemperatureClass, TemperatureRequirement } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { ListingStatus } from './listing.entity';

export type ListingAction = 'publish' | 'pause' | 'remove' | 'take-down';

/** The legal status changes; anything else is a 409. */
const TRANSITIONS: Record<ListingAction, { from: ListingStatus[]; to: ListingStatus }> = {
  publish: { from: [ListingStatus.Draft, ListingStatus.Paused], to: ListingStatus.Published },
  pause: { from: [ListingStatus.Published], to: ListingStatus.Paused },
  remove: { from: [ListingStatus.Draft, ListingStatus.Published, ListingStatus.Paused], to: ListingStatus.Removed },
  'take-down': {
    from: [ListingStatus.Draft, ListingStatus.Published, ListingStatus.Paused],
    to: ListingStatus.Removed,
  },
};

/** The status a listing moves to, or a 409 that says why it cannot. */
export function nextListingStatus(current: ListingStatus, action: ListingAction): ListingStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw new Problem(409, 'illegal-transition', `the listing is ${current}; it cannot be ${PAST[action]}`, {
      currentStatus: current,
      allowedFrom: transition.from,
    });
  }
  return transition.to;
}

const PAST: Record<ListingAction, string> = {
  publish: 'published',
  pause: 'paused',
  remove: 'removed',
  'take-down': 'taken down',
};

/** Where each class keeps its goods (DOMAIN.md): chilled 0–4 °C, frozen at or below −18 °C. */
const FIXED_BOUNDS: Record<Exclude<TemperatureClass, TemperatureClass.Range>, [number | null, number | null]> = {
  [TemperatureClass.Ambient]: [null, null],
  [TemperatureClass.Chilled]: [0, 4],
  [TemperatureClass.Frozen]: [null, -18],
};

/**
 * Turns what a seller sent into a temperature requirement: fixed bounds for ambient, chilled and frozen, explicit
 * bounds (min ≤ max) for a chilling-sensitive range. Throws a 400 naming what is wrong.
 */
export function resolveTemperature(input: {
  class: TemperatureClass;
  minC?: number | null;
  maxC?: number | null;
}): TemperatureRequirement {
  const minC = input.minC ?? null;
  const maxC = input.maxC ?? null;
  if (input.class !== TemperatureClass.Range) {
    if (minC !== null || maxC !== null) {
      throw new Problem(
        400,
        'temperature-bounds-not-allowed',
        `temperature ${input.class} has fixed bounds; give minC/maxC only with class "range"`,
      );
    }
    const [min, max] = FIXED_BOUNDS[input.class];
    return { class: input.class, minC: min, maxC: max };
  }
  if (minC === null || maxC === null) {
    throw new Problem(400, 'temperature-bounds-required', 'temperature class "range" needs both minC and maxC');
  }
  if (minC > maxC) {
    throw new Problem(400, 'temperature-range-invalid', `temperature minC ${minC} °C is above maxC ${maxC} °C`);
  }
  return { class: TemperatureClass.Range, minC, maxC };
}

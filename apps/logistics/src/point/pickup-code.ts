import { randomInt } from 'node:crypto';

export const PICKUP_CODE = /^(\d{1,2})-(\d{1,2})-(\d{4})$/;

/** `shelf-layer-NNNN`, e.g. `3-5-6075`: the operator finds the parcel by the first two parts. */
export const formatPickupCode = (shelf: number, layer: number, number: string): string => `${shelf}-${layer}-${number}`;

/**
 * Draws the 4-digit part at random from the OS's CSPRNG, never sequentially, so one code says nothing about the
 * others; retries on collision with a number still waiting at the point. Null when the point has (almost) run
 * out of numbers.
 */
export function drawPickupNumber(
  used: ReadonlySet<string>,
  draw: () => number = () => randomInt(0, 10_000),
): string | null {
  if (used.size >= 10_000) {
    return null;
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    const number = String(draw()).padStart(4, '0');
    if (!used.has(number)) {
      return number;
    }
  }
  return null;
}

export interface Slot {
  shelf: number;
  layer: number;
}

/** The least-filled shelf layer with room (lowest shelf, then layer, on a tie); null when every layer is full. */
export function chooseSlot(
  shelves: number,
  layers: number,
  slotCapacity: number,
  occupancy: readonly { shelf: number; layer: number; parcels: number }[],
): Slot | null {
  const count = new Map(occupancy.map((slot) => [`${slot.shelf}-${slot.layer}`, slot.parcels]));
  let best: (Slot & { parcels: number }) | null = null;
  for (let shelf = 1; shelf <= shelves; shelf++) {
    for (let layer = 1; layer <= layers; layer++) {
      const parcels = count.get(`${shelf}-${layer}`) ?? 0;
      if (parcels < slotCapacity && (!best || parcels < best.parcels)) {
        best = { shelf, layer, parcels };
      }
    }
  }
  return best && { shelf: best.shelf, layer: best.layer };
}

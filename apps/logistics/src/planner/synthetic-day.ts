import { PlanningItem, PlanningNode, PlanningProblem, PlanningVehicle } from './planner.types';

/** A small, fast, seedable PRNG (mulberry32), so generated days are the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CountyDaySize {
  towns: number;
  villagesPerTown: number;
  parcelsEachWay: number;
  vehicles: number;
  refrigerated: number;
  /** Share of parcels that need the cold chain. */
  coldShare: number;
}

/** The benchmark's county day: 1 hub, 10 towns, 150 village points, 3,000 parcels each way, 12 vehicles (4 cold). */
export const BENCH_COUNTY_DAY: CountyDaySize = {
  towns: 10,
  villagesPerTown: 15,
  parcelsEachWay: 3000,
  vehicles: 12,
  refrigerated: 4,
  coldShare: 0.15,
};

/**
 * A county of the given size around a hub at (25.0° N, 114.9° E): towns 8–35 km out, villages 2–10 km around their
 * town; goods parcels 0.3–25 kg (fertiliser bags are heavy), produce 2.5–15 kg boxes; vans, trucks and
 * refrigerated vans. Every parcel drops at or is collected from a village point.
 */
export function generateCountyDay(seed: number, size: CountyDaySize = BENCH_COUNTY_DAY): PlanningProblem {
  const random = seededRandom(seed);
  const depot = { lat: 25.0, lng: 114.9 };
  const kmToLat = 1 / 111;
  const kmToLng = 1 / (111 * Math.cos((depot.lat * Math.PI) / 180));
  const nodes: PlanningNode[] = [];
  const villages: PlanningNode[] = [];
  for (let town = 0; town < size.towns; town++) {
    const angle = (2 * Math.PI * town) / size.towns + random() * 0.4;
    const radius = 8 + random() * 27;
    const townPoint = {
      lat: depot.lat + Math.sin(angle) * radius * kmToLat,
      lng: depot.lng + Math.cos(angle) * radius * kmToLng,
    };
    nodes.push({ id: `town-${town}`, point: townPoint });
    for (let village = 0; village < size.villagesPerTown; village++) {
      const a = random() * 2 * Math.PI;
      const r = 2 + random() * 8;
      const node = {
        id: `village-${town}-${village}`,
        point: { lat: townPoint.lat + Math.sin(a) * r * kmToLat, lng: townPoint.lng + Math.cos(a) * r * kmToLng },
      };
      nodes.push(node);
      villages.push(node);
    }
  }
  const items: PlanningItem[] = [];
  for (let index = 0; index < size.parcelsEachWay; index++) {
    const down = villages[Math.floor(random() * villages.length)];
    const heavy = random() < 0.08;
    const goodsGrams = heavy ? 25_000 : 300 + Math.floor(random() * 9_700);
    items.push({
      id: `drop-${index}`,
      nodeId: down.id,
      action: 'drop',
      grams: goodsGrams,
      ml: Math.round(goodsGrams * (0.9 + random() * 1.6)),
      cold: random() < size.coldShare * 0.5,
    });
    const up = villages[Math.floor(random() * villages.length)];
    const produceGrams = 2_500 + Math.floor(random() * 12_500);
    items.push({
      id: `collect-${index}`,
      nodeId: up.id,
      action: 'collect',
      grams: produceGrams,
      ml: Math.round(produceGrams * (1.5 + random())),
      cold: random() < size.coldShare * 1.5,
    });
  }
  const vehicles: PlanningVehicle[] = [];
  for (let index = 0; index < size.vehicles; index++) {
    const refrigerated = index < size.refrigerated;
    const truck = !refrigerated && index % 2 === 0;
    vehicles.push({
      id: `vehicle-${index}`,
      capacity: refrigerated
        ? { grams: 1_500_000, ml: 8_000_000 }
        : truck
          ? { grams: 4_000_000, ml: 16_000_000 }
          : { grams: 2_000_000, ml: 10_000_000 },
      refrigerated,
      serves: null,
    });
  }
  return { depot, nodes, items, vehicles, limits: { maxStopsPerRun: 40, maxRunKm: 300, maxVehicleDayKm: 900 } };
}

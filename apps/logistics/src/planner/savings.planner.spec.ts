import fc from 'fast-check';
import { fits, loadProfile } from './load-profile';
import { OptimisingPlanner } from './optimising.planner';
import { PlanningItem, PlanningProblem, PlanResult } from './planner.types';
import { runDemands, SavingsPlanner } from './savings.planner';
import { BENCH_COUNTY_DAY, generateCountyDay } from './synthetic-day';

/** Every rule a plan must keep, checked from the outside; returns the broken ones. */
function brokenRules(problem: PlanningProblem, result: PlanResult): string[] {
  const problems: string[] = [];
  const items = new Map(problem.items.map((item) => [item.id, item]));
  const vehicles = new Map(problem.vehicles.map((vehicle) => [vehicle.id, vehicle]));
  const seen = new Map<string, number>();
  const count = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
  const dayKm = new Map<string, number>();
  for (const run of result.runs) {
    const vehicle = vehicles.get(run.vehicleId);
    if (!vehicle) {
      problems.push(`run on unknown vehicle ${run.vehicleId}`);
      continue;
    }
    dayKm.set(vehicle.id, (dayKm.get(vehicle.id) ?? 0) + run.distanceKm);
    const profile = loadProfile(runDemands(run, items));
    if (!fits(profile.peak, vehicle.capacity)) {
      problems.push(
        `run of ${vehicle.id} peaks at ${JSON.stringify(profile.peak)} > ${JSON.stringify(vehicle.capacity)}`,
      );
    }
    if (profile.after.some((load) => load.grams < 0 || load.ml < 0)) {
      problems.push(`run of ${vehicle.id} has a negative load`);
    }
    if (run.stops.length > problem.limits.maxStopsPerRun) {
      problems.push(`run of ${vehicle.id} has ${run.stops.length} stops`);
    }
    if (run.distanceKm > problem.limits.maxRunKm + 1e-6) {
      problems.push(`run of ${vehicle.id} is ${run.distanceKm} km`);
    }
    for (const stop of run.stops) {
      if (vehicle.serves && !vehicle.serves.has(stop.nodeId)) {
        problems.push(`${vehicle.id} does not serve ${stop.nodeId}`);
      }
      for (const [ids, action] of [
        [stop.drops, 'drop'],
        [stop.collects, 'collect'],
      ] as const) {
        for (const id of ids) {
          count(id);
          const item = items.get(id)!;
          if (item.nodeId !== stop.nodeId || item.action !== action) {
            problems.push(`${id} is handled at the wrong stop or the wrong way`);
          }
          if (item.cold && !vehicle.refrigerated) {
            problems.push(`cold item ${id} rides ${vehicle.id}, which is not refrigerated`);
          }
        }
      }
    }
  }
  for (const [vehicleId, km] of dayKm) {
    if (km > problem.limits.maxVehicleDayKm + 1e-6) {
      problems.push(`${vehicleId} drives ${km} km in the day`);
    }
  }
  result.unassigned.forEach((entry) => count(entry.itemId));
  for (const item of problem.items) {
    if (seen.get(item.id) !== 1) {
      problems.push(`${item.id} appears ${seen.get(item.id) ?? 0} times`);
    }
  }
  return problems;
}

const nodeIds = Array.from({ length: 30 }, (_, index) => `n${index}`);

const problemArbitrary: fc.Arbitrary<PlanningProblem> = fc
  .record({
    nodeCount: fc.integer({ min: 1, max: 30 }),
    coords: fc.array(
      fc.tuple(fc.double({ min: -0.4, max: 0.4, noNaN: true }), fc.double({ min: -0.4, max: 0.4, noNaN: true })),
      {
        minLength: 30,
        maxLength: 30,
      },
    ),
    items: fc.array(
      fc.record({
        node: fc.nat(29),
        action: fc.constantFrom<'drop' | 'collect'>('drop', 'collect'),
        grams: fc.integer({ min: 100, max: 900_000 }),
        ml: fc.integer({ min: 100, max: 3_000_000 }),
        cold: fc.boolean(),
      }),
      { maxLength: 160 },
    ),
    vehicles: fc.array(
      fc.record({
        kg: fc.integer({ min: 50, max: 3000 }),
        litres: fc.integer({ min: 200, max: 15000 }),
        refrigerated: fc.boolean(),
        restricted: fc.option(fc.uniqueArray(fc.nat(29), { maxLength: 20 }), { nil: null }),
      }),
      { minLength: 0, maxLength: 7 },
    ),
    maxStops: fc.integer({ min: 1, max: 25 }),
    maxRunKm: fc.integer({ min: 20, max: 400 }),
    maxDayKm: fc.integer({ min: 50, max: 900 }),
  })
  .map(({ nodeCount, coords, items, vehicles, maxStops, maxRunKm, maxDayKm }) => ({
    depot: { lat: 25, lng: 115 },
    nodes: nodeIds
      .slice(0, nodeCount)
      .map((id, index) => ({ id, point: { lat: 25 + coords[index][0], lng: 115 + coords[index][1] } })),
    items: items.map<PlanningItem>((item, index) => ({
      id: `i${index}`,
      nodeId: nodeIds[item.node % nodeCount],
      action: item.action,
      grams: item.grams,
      ml: item.ml,
      cold: item.cold,
    })),
    vehicles: vehicles.map((vehicle, index) => ({
      id: `v${index}`,
      capacity: { grams: vehicle.kg * 1000, ml: vehicle.litres * 1000 },
      refrigerated: vehicle.refrigerated,
      serves: vehicle.restricted ? new Set(vehicle.restricted.map((node) => nodeIds[node % nodeCount])) : null,
    })),
    limits: { maxStopsPerRun: maxStops, maxRunKm, maxVehicleDayKm: maxDayKm },
  }));

describe.each([
  { sut: new SavingsPlanner(), numRuns: 300 },
  // an iteration cap far below the budget makes the optimiser's plans the same on every run
  { sut: new OptimisingPlanner({ timeBudgetMs: 60_000, maxIterations: 150 }), numRuns: 150 },
])('$sut.name', ({ sut, numRuns }) => {
  it('keeps capacity, cold-chain, stop, distance and service rules on every run of generated days', () => {
    fc.assert(
      fc.property(problemArbitrary, (problem) => {
        expect(brokenRules(problem, sut.plan(problem))).toEqual([]);
      }),
      { numRuns },
    );
  });

  it('drops and collects at the same stops so vehicles do not come back empty', () => {
    const problem: PlanningProblem = {
      depot: { lat: 25, lng: 115 },
      nodes: [
        { id: 'a', point: { lat: 25.1, lng: 115 } },
        { id: 'b', point: { lat: 25.1, lng: 115.05 } },
      ],
      items: [
        { id: 'goods-a', nodeId: 'a', action: 'drop', grams: 800_000, ml: 1000, cold: false },
        { id: 'produce-a', nodeId: 'a', action: 'collect', grams: 200_000, ml: 1000, cold: false },
        { id: 'goods-b', nodeId: 'b', action: 'drop', grams: 200_000, ml: 1000, cold: false },
        { id: 'produce-b', nodeId: 'b', action: 'collect', grams: 800_000, ml: 1000, cold: false },
      ],
      vehicles: [{ id: 'van', capacity: { grams: 1_000_000, ml: 1_000_000 }, refrigerated: false, serves: null }],
      limits: { maxStopsPerRun: 10, maxRunKm: 200, maxVehicleDayKm: 400 },
    };
    const result = sut.plan(problem);
    expect(result.unassigned).toEqual([]);
    expect(result.runs).toHaveLength(1);
    // a then b carries 1000 → 400 → 1000 kg; b first would carry 1000 → 1600 kg, more than the van holds
    expect(result.runs[0].stops.map((stop) => stop.nodeId)).toEqual(['a', 'b']);
  });

  it('puts cold items only on refrigerated vehicles and says why when there is none', () => {
    const problem: PlanningProblem = {
      depot: { lat: 25, lng: 115 },
      nodes: [{ id: 'a', point: { lat: 25.1, lng: 115 } }],
      items: [
        { id: 'frozen', nodeId: 'a', action: 'drop', grams: 1000, ml: 1000, cold: true },
        { id: 'rice', nodeId: 'a', action: 'drop', grams: 1000, ml: 1000, cold: false },
      ],
      vehicles: [{ id: 'van', capacity: { grams: 1_000_000, ml: 1_000_000 }, refrigerated: false, serves: null }],
      limits: { maxStopsPerRun: 10, maxRunKm: 200, maxVehicleDayKm: 400 },
    };
    const result = sut.plan(problem);
    expect(result.unassigned).toEqual([{ itemId: 'frozen', reason: 'no refrigerated vehicle is available' }]);
    expect(result.runs.flatMap((run) => run.stops.flatMap((stop) => stop.drops))).toEqual(['rice']);
  });

  it('plans the benchmark county day within every rule', () => {
    const problem = generateCountyDay(7);
    const result = sut.plan(problem);
    expect(brokenRules(problem, result)).toEqual([]);
    expect(result.unassigned).toEqual([]);
  });
});

describe(OptimisingPlanner.name, () => {
  it('plans in a worker thread the same plan as in the caller for the same seed and iteration cap', async () => {
    const sut = new OptimisingPlanner({ timeBudgetMs: 60_000, maxIterations: 100, seed: 5 });
    const problem = generateCountyDay(11, { ...BENCH_COUNTY_DAY, towns: 3, parcelsEachWay: 300 });
    const inThread = await sut.planAsync(problem);
    expect(brokenRules(problem, inThread)).toEqual([]);
    expect(inThread).toEqual(sut.plan(problem));
  });
});

import fc from 'fast-check';
import { fits, loadProfile } from './load-profile';
import { OptimisingPlanner } from './optimising.planner';
import { DEFAULT_SPEED_KMH, PlanningBus, PlanningItem, PlanningProblem, PlanResult } from './planner.types';
import { runDemands, SavingsPlanner } from './savings.planner';
import { BENCH_COUNTY_DAY, generateCountyDay } from './synthetic-day';

/** Every rule a plan must keep, checked from the outside; returns the broken ones. */
function brokenRules(problem: PlanningProblem, result: PlanResult): string[] {
  const problems: string[] = [];
  const items = new Map(problem.items.map((item) => [item.id, item]));
  const vehicles = new Map(problem.vehicles.map((vehicle) => [vehicle.id, vehicle]));
  const buses = new Map((problem.buses ?? []).map((bus) => [bus.routeId, bus]));
  const { dwellMinutesPerStop = 0, maxRunMinutes = 0, speedKmh = DEFAULT_SPEED_KMH } = problem.limits;
  const seen = new Map<string, number>();
  const count = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
  const dayKm = new Map<string, number>();
  for (const run of result.runs) {
    if (run.busRouteId !== undefined) {
      problems.push(...brokenBusRules(buses.get(run.busRouteId), run, items, count));
      continue;
    }
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
    const minutes = (run.distanceKm / speedKmh) * 60 + run.stops.length * dwellMinutesPerStop;
    if (Math.abs(run.durationMinutes - minutes) > 1e-6) {
      problems.push(`run of ${vehicle.id} says ${run.durationMinutes} minutes, but drives and stops ${minutes}`);
    }
    if (maxRunMinutes > 0 && minutes > maxRunMinutes + 1e-6) {
      problems.push(`run of ${vehicle.id} lasts ${minutes} minutes`);
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

/**
 * A bus run keeps to its line: stops in the order of its calls, drops boarded at a hub call before the stop,
 * collects brought to a hub call after it, cold items only on a refrigerated bus, the load within capacity. The
 * generated lines call at the hub at most first and last, so the run's load profile is that of a van's run.
 */
function brokenBusRules(
  bus: PlanningBus | undefined,
  run: PlanResult['runs'][number],
  items: Map<string, PlanningItem>,
  count: (id: string) => void,
): string[] {
  if (!bus || bus.vehicleId !== run.vehicleId || run.distanceKm !== 0) {
    return [`bus run ${run.busRouteId} is not one of the problem's bus lines`];
  }
  const problems: string[] = [];
  const hubFirst = bus.calls[0].nodeId === null;
  const hubLast = bus.calls[bus.calls.length - 1].nodeId === null;
  let call = 0;
  for (const stop of run.stops) {
    while (call < bus.calls.length && bus.calls[call].nodeId !== stop.nodeId) call++;
    if (call === bus.calls.length) {
      problems.push(`bus ${bus.routeId} does not call at ${stop.nodeId} in that order`);
    }
    call++;
    for (const id of [...stop.drops, ...stop.collects]) {
      count(id);
      const item = items.get(id)!;
      const action = stop.drops.includes(id) ? 'drop' : 'collect';
      if (item.nodeId !== stop.nodeId || item.action !== action) {
        problems.push(`${id} rides the bus to the wrong stop or the wrong way`);
      }
      if ((action === 'drop' && !hubFirst) || (action === 'collect' && !hubLast)) {
        problems.push(
          `${id} rides bus ${bus.routeId}, whose timetable does not take it ${action === 'drop' ? 'from' : 'to'} the hub`,
        );
      }
      if (item.cold && !bus.refrigerated) {
        problems.push(`cold item ${id} rides bus ${bus.routeId}, which is not refrigerated`);
      }
    }
  }
  if (!fits(loadProfile(runDemands(run, items)).peak, bus.capacity)) {
    problems.push(`bus ${bus.routeId} is overloaded`);
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
    buses: fc.array(
      fc.record({
        kg: fc.integer({ min: 20, max: 500 }),
        refrigerated: fc.boolean(),
        fromHub: fc.boolean(),
        toHub: fc.boolean(),
        calls: fc.uniqueArray(fc.nat(29), { minLength: 1, maxLength: 6 }),
      }),
      { maxLength: 2 },
    ),
    maxStops: fc.integer({ min: 1, max: 25 }),
    maxRunKm: fc.integer({ min: 20, max: 400 }),
    maxDayKm: fc.integer({ min: 50, max: 900 }),
    dwell: fc.constantFrom(0, 0, 5, 15, 40),
    maxRunMinutes: fc.constantFrom(0, 0, 60, 120, 300, 600),
    speedKmh: fc.constantFrom(25, 40, 60),
  })
  .map(
    ({ nodeCount, coords, items, vehicles, buses, maxStops, maxRunKm, maxDayKm, dwell, maxRunMinutes, speedKmh }) => ({
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
      buses: buses.map((bus, index) => ({
        vehicleId: `bus${index}`,
        routeId: `line${index}`,
        capacity: { grams: bus.kg * 1000, ml: 2_000_000 },
        refrigerated: bus.refrigerated,
        calls: [
          ...(bus.fromHub ? [{ nodeId: null, departs: '06:00' }] : []),
          ...[...new Set(bus.calls.map((node) => nodeIds[node % nodeCount]))].map((nodeId, call) => ({
            nodeId,
            departs: `0${7 + Math.floor(call / 2)}:${call % 2 === 0 ? '00' : '30'}`,
          })),
          ...(bus.toHub ? [{ nodeId: null, departs: '11:00' }] : []),
        ],
      })),
      limits: {
        maxStopsPerRun: maxStops,
        maxRunKm,
        maxVehicleDayKm: maxDayKm,
        dwellMinutesPerStop: dwell,
        maxRunMinutes,
        speedKmh,
      },
    }),
  );

describe.each([
  { sut: new SavingsPlanner(), numRuns: 300 },
  // an iteration cap far below the budget makes the optimiser's plans the same on every run
  { sut: new OptimisingPlanner({ timeBudgetMs: 60_000, maxIterations: 150 }), numRuns: 150 },
])('$sut.name', ({ sut, numRuns }) => {
  it('keeps capacity, cold-chain, stop, distance, duration, bus and service rules on every run of generated days', () => {
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

  it("takes a stop at the hub's own place along on another run rather than sending a run of its own", () => {
    // the post station in the hub's yard: joining it to b's run saves no km, but it saves the van a second trip
    const problem: PlanningProblem = {
      depot: { lat: 25, lng: 115 },
      nodes: [
        { id: 'yard', point: { lat: 25, lng: 115 } },
        { id: 'b', point: { lat: 25.02, lng: 115 } },
      ],
      items: [
        { id: 'goods-yard', nodeId: 'yard', action: 'drop', grams: 5000, ml: 6000, cold: false },
        { id: 'produce-b', nodeId: 'b', action: 'collect', grams: 5000, ml: 6000, cold: false },
      ],
      vehicles: [{ id: 'van', capacity: { grams: 1_000_000, ml: 6_000_000 }, refrigerated: false, serves: null }],
      limits: { maxStopsPerRun: 10, maxRunKm: 200, maxVehicleDayKm: 400 },
    };
    const result = sut.plan(problem);
    expect(brokenRules(problem, result)).toEqual([]);
    expect(result.runs.map((run) => run.stops.map((stop) => stop.nodeId).sort())).toEqual([['b', 'yard']]);
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

  it('counts the dwell at every stop and keeps each run within its duration', () => {
    // four villages a few km apart: 1 hour at each stop and runs of at most 2½ hours leave two stops a run
    const problem: PlanningProblem = {
      depot: { lat: 25, lng: 115 },
      nodes: ['a', 'b', 'c', 'd'].map((id, index) => ({ id, point: { lat: 25.05, lng: 115 + index * 0.01 } })),
      items: ['a', 'b', 'c', 'd'].map((nodeId) => ({
        id: `goods-${nodeId}`,
        nodeId,
        action: 'drop' as const,
        grams: 1000,
        ml: 1000,
        cold: false,
      })),
      vehicles: [{ id: 'van', capacity: { grams: 1_000_000, ml: 1_000_000 }, refrigerated: false, serves: null }],
      limits: { maxStopsPerRun: 10, maxRunKm: 200, maxVehicleDayKm: 400, dwellMinutesPerStop: 60, maxRunMinutes: 150 },
    };
    const result = sut.plan(problem);
    expect(brokenRules(problem, result)).toEqual([]);
    expect(result.unassigned).toEqual([]);
    expect(result.runs.map((run) => run.stops.length)).toEqual([2, 2]);
    for (const run of result.runs) {
      expect(run.durationMinutes).toBeGreaterThan(120);
      expect(run.durationMinutes).toBeLessThanOrEqual(150);
    }
    // without a duration limit one run serves all four
    const unbounded = sut.plan({ ...problem, limits: { ...problem.limits, maxRunMinutes: 0 } });
    expect(unbounded.runs.map((run) => run.stops.length)).toEqual([4]);
  });

  it('puts parcels for stops on a bus line on the bus where its timetable and capacity fit, the rest on runs', () => {
    const node = (id: string, lng: number) => ({ id, point: { lat: 25.1, lng } });
    const item = (id: string, nodeId: string, action: 'drop' | 'collect', kg: number, cold = false): PlanningItem => ({
      id,
      nodeId,
      action,
      grams: kg * 1000,
      ml: 1000,
      cold,
    });
    const problem: PlanningProblem = {
      depot: { lat: 25, lng: 115 },
      nodes: [node('a', 115), node('b', 115.05), node('c', 115.1)],
      items: [
        item('goods-b', 'b', 'drop', 60),
        item('more-goods-b', 'b', 'drop', 50),
        item('goods-a', 'a', 'drop', 30),
        item('frozen-a', 'a', 'drop', 5, true),
        item('produce-a', 'a', 'collect', 20),
        item('produce-b', 'b', 'collect', 40),
        item('goods-c', 'c', 'drop', 10),
      ],
      vehicles: [{ id: 'van', capacity: { grams: 1_000_000, ml: 1_000_000 }, refrigerated: true, serves: null }],
      // the 07:00 bus leaves the hub, calls at b then a and comes back; 100 kg of room for parcels
      buses: [
        {
          vehicleId: 'bus',
          routeId: 'line-1',
          capacity: { grams: 100_000, ml: 1_000_000 },
          refrigerated: false,
          calls: [
            { nodeId: null, departs: '07:00' },
            { nodeId: 'b', departs: '07:40' },
            { nodeId: 'a', departs: '08:05' },
            { nodeId: null, departs: '08:45' },
          ],
        },
      ],
      limits: { maxStopsPerRun: 10, maxRunKm: 200, maxVehicleDayKm: 400 },
    };
    const result = sut.plan(problem);
    expect(brokenRules(problem, result)).toEqual([]);
    expect(result.unassigned).toEqual([]);
    const bus = result.runs.filter((run) => run.busRouteId === 'line-1');
    // b is farther: 60 kg for b first; then 50 kg more would not fit beside it, 30 kg for a does (90 kg leaving
    // the hub); after b 30 kg, +40 kg of produce = 70 kg; after a 70 − 30 + 20 = 60 kg back to the hub
    expect(bus).toEqual([
      {
        vehicleId: 'bus',
        trip: 1,
        cold: false,
        busRouteId: 'line-1',
        distanceKm: 0,
        durationMinutes: 105,
        stops: [
          { nodeId: 'b', drops: ['goods-b'], collects: ['produce-b'] },
          { nodeId: 'a', drops: ['goods-a'], collects: ['produce-a'] },
        ],
      },
    ]);
    const onRuns = result.runs
      .filter((run) => run.busRouteId === undefined)
      .flatMap((run) => run.stops.flatMap((stop) => [...stop.drops, ...stop.collects]))
      .sort();
    expect(onRuns).toEqual(['frozen-a', 'goods-c', 'more-goods-b']);
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

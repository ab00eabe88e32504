import { Injectable } from '@nestjs/common';
import { planBuses } from './bus.planner';
import { GeoPoint, roadKm } from './geo';
import { addLoad, fits, Load, loadProfile, maxLoad, StopDemand, ZERO_LOAD } from './load-profile';
import {
  DEFAULT_SPEED_KMH,
  PlannedRun,
  PlannedStop,
  PlanningItem,
  PlanningLimits,
  PlanningProblem,
  PlanningVehicle,
  PlanResult,
  UnassignedItem,
} from './planner.types';
import { RoutePlanner } from './route-planner';
import { makeInstance } from './vrpspd/instance';
import { solveVrpspd } from './vrpspd/solver';

/** One visit to a stop: all (or, when they do not fit one vehicle, part) of the stop's items of one group. */
interface Customer {
  node: number;
  drop: Load;
  collect: Load;
  drops: string[];
  collects: string[];
  mask: Uint32Array;
}

/**
 * A route under construction. `peak` is the most on board along it; `peakRev` the same for the route driven
 * backwards. With D (drops) and C (collects) these make a merge check O(1):
 * peak(X+Y) = max(peak(X) + D(Y), peak(Y) + C(X)).
 */
interface Route {
  customers: number[];
  drop: Load;
  collect: Load;
  peak: Load;
  peakRev: Load;
  km: number;
  mask: Uint32Array;
}

interface FleetVehicle extends PlanningVehicle {
  index: number;
  dayKm: number;
  trips: number;
}

interface Orientation {
  first: Route;
  second: Route;
  reverseFirst: boolean;
  reverseSecond: boolean;
}

const reversed = (route: Route): Route => ({
  ...route,
  customers: [...route.customers].reverse(),
  peak: route.peakRev,
  peakRev: route.peak,
});

const concatPeak = (x: Route, y: Route): { peak: Load; peakRev: Load } => ({
  peak: maxLoad(addLoad(x.peak, y.drop), addLoad(y.peak, x.collect)),
  peakRev: maxLoad(addLoad(y.peakRev, x.drop), addLoad(x.peakRev, y.collect)),
});

const words = (count: number): number => Math.max(1, Math.ceil(count / 32));
const hasBit = (mask: Uint32Array, bit: number): boolean => (mask[bit >>> 5] & (1 << (bit & 31))) !== 0;
const setBit = (mask: Uint32Array, bit: number): void => {
  mask[bit >>> 5] |= 1 << (bit & 31);
};
const intersect = (a: Uint32Array, b: Uint32Array): Uint32Array => a.map((word, index) => word & b[index]);
const isEmpty = (mask: Uint32Array): boolean => mask.every((word) => word === 0);

/**
 * Clarke–Wright savings adapted to simultaneous pickup and delivery (VRPSPD): every stop starts on its own run,
 * runs are joined end to end in order of the distance saved, and a join is kept only if some vehicle that may
 * serve every stop can carry the joined run's peak load (kg and litres) at every point, within the stop and
 * distance limits. Cold items are planned first on refrigerated vehicles; ambient items then on the whole fleet,
 * refrigerated vehicles last. Runs go to vehicles (several trips a day allowed) balancing each vehicle's day, and
 * each run's stop order is then improved by 2-opt under the same load check.
 */
@Injectable()
export class SavingsPlanner extends RoutePlanner {
  readonly name = 'clarke-wright-savings';

  plan(problem: PlanningProblem): PlanResult {
    return planByGroups(problem, null);
  }
}

/** How the optimiser plans each group (instead of savings); null for savings alone. */
export interface OptimiseSettings {
  /**
   * Wall-clock budget for the whole problem from the moment planning starts, the savings plan built beside the
   * optimiser's included; shared among the groups (and their vehicle sets) by their number of items.
   */
  timeBudgetMs: number;
  seed: number;
  /** Caps the search per group; with it (and a budget that is not reached) the plan is the same on every run. */
  maxIterations?: number;
}

/**
 * The county's rules around any run builder: cold items first on refrigerated vehicles, then ambient items on the
 * whole fleet; customers built per stop, runs built (savings or the optimiser), then given to vehicles.
 */
export function planByGroups(problem: PlanningProblem, optimise: OptimiseSettings | null): PlanResult {
  const started = performance.now();
  const nodeIndex = new Map(problem.nodes.map((node, index) => [node.id, index]));
  const points: GeoPoint[] = problem.nodes.map((node) => node.point);
  const distance = new DistanceTable(problem.depot, points);
  const fleet: FleetVehicle[] = problem.vehicles.map((vehicle, index) => ({ ...vehicle, index, dayKm: 0, trips: 0 }));
  const unassigned: UnassignedItem[] = [];
  const runs: PlannedRun[] = [];

  const onNetwork: PlanningItem[] = [];
  for (const item of problem.items) {
    if (nodeIndex.has(item.nodeId)) {
      onNetwork.push(item);
    } else {
      unassigned.push({ itemId: item.id, reason: `stop ${item.nodeId} is not a node of the county` });
    }
  }
  // scheduled buses first: what they carry costs the county no driving
  const buses = planBuses(problem.buses ?? [], onNetwork, (nodeId) => distance.fromDepot(nodeIndex.get(nodeId)!));
  runs.push(...buses.runs);
  const known = onNetwork.filter((item) => !buses.carried.has(item.id));
  const cold = known.filter((item) => item.cold);
  const ambient = known.filter((item) => !item.cold);
  const refrigerated = fleet.filter((vehicle) => vehicle.refrigerated);
  // ambient goods may ride a refrigerated vehicle, but only after the ordinary ones are used
  const ambientFleet = [...fleet.filter((vehicle) => !vehicle.refrigerated), ...refrigerated];

  let planned = 0;
  for (const [items, vehicles, isCold] of [
    [cold, refrigerated, true],
    [ambient, ambientFleet, false],
  ] as const) {
    if (items.length === 0) {
      continue;
    }
    planned += items.length;
    // the group's share of the budget ends at a deadline, so that time spent before the search counts too
    const deadline = optimise && started + (optimise.timeBudgetMs * planned) / known.length;
    const group = new GroupPlanner(problem, nodeIndex, distance, vehicles, isCold, optimise, deadline);
    const result = group.plan(items);
    runs.push(...result.runs);
    unassigned.push(...result.unassigned);
  }
  const totalDistanceKm = runs.reduce((total, run) => total + run.distanceKm, 0);
  return { runs, unassigned, totalDistanceKm };
}

/**
 * A run's time in km: the limits turned into km driven in the same time, so that the optimiser's route duration
 * (distance + service) is the run's minutes × speed. Unbounded when no run duration is set.
 */
export function runClock(limits: PlanningLimits): { kmPerMinute: number; dwellKm: number; maxDurationKm: number } {
  const kmPerMinute = (limits.speedKmh ?? DEFAULT_SPEED_KMH) / 60;
  const dwellKm = (limits.dwellMinutesPerStop ?? 0) * kmPerMinute;
  const maxDurationKm = limits.maxRunMinutes ? limits.maxRunMinutes * kmPerMinute : Infinity;
  return { kmPerMinute, dwellKm, maxDurationKm };
}

class DistanceTable {
  private readonly depotKm: Float64Array;
  private readonly table: Float64Array;
  private readonly size: number;

  constructor(
    depot: GeoPoint,
    private readonly points: GeoPoint[],
  ) {
    this.size = points.length;
    this.depotKm = Float64Array.from(points, (point) => roadKm(depot, point));
    this.table = new Float64Array(this.size * this.size).fill(-1);
  }

  fromDepot(node: number): number {
    return this.depotKm[node];
  }

  between(a: number, b: number): number {
    if (a === b) {
      return 0;
    }
    const key = a * this.size + b;
    let km = this.table[key];
    if (km < 0) {
      km = roadKm(this.points[a], this.points[b]);
      this.table[key] = km;
      this.table[b * this.size + a] = km;
    }
    return km;
  }

  /** Depot → nodes in order → depot. */
  loop(nodes: readonly number[]): number {
    if (nodes.length === 0) {
      return 0;
    }
    let km = this.fromDepot(nodes[0]) + this.fromDepot(nodes[nodes.length - 1]);
    for (let index = 1; index < nodes.length; index++) {
      km += this.between(nodes[index - 1], nodes[index]);
    }
    return km;
  }
}

/** Plans one group of items (cold or ambient) on the vehicles allowed to carry it. */
class GroupPlanner {
  private readonly customers: Customer[] = [];
  private readonly unassigned: UnassignedItem[] = [];
  private readonly clock: ReturnType<typeof runClock>;

  constructor(
    private readonly problem: PlanningProblem,
    private readonly nodeIndex: Map<string, number>,
    private readonly distance: DistanceTable,
    private readonly vehicles: FleetVehicle[],
    private readonly cold: boolean,
    private readonly optimise: OptimiseSettings | null = null,
    /** performance.now() by which the optimiser must be done with this group. */
    private readonly deadline: number | null = null,
  ) {
    this.clock = runClock(problem.limits);
  }

  plan(items: PlanningItem[]): { runs: PlannedRun[]; unassigned: UnassignedItem[] } {
    if (this.vehicles.length === 0) {
      const reason = this.cold ? 'no refrigerated vehicle is available' : 'no vehicle is available';
      return { runs: [], unassigned: items.map((item) => ({ itemId: item.id, reason })) };
    }
    this.buildCustomers(items);
    const savings = this.savings();
    const routes = this.optimise ? this.shorter(this.optimised(this.optimise), savings) : savings;
    return { runs: this.assign(routes), unassigned: this.unassigned };
  }

  private vehicleMaskFor(nodeId: string): Uint32Array {
    const mask = new Uint32Array(words(this.vehicles.length));
    this.vehicles.forEach((vehicle, bit) => {
      if (!vehicle.serves || vehicle.serves.has(nodeId)) {
        setBit(mask, bit);
      }
    });
    return mask;
  }

  private vehiclesIn(mask: Uint32Array): FleetVehicle[] {
    return this.vehicles.filter((_, bit) => hasBit(mask, bit));
  }

  private anyVehicleCarries(mask: Uint32Array, peak: Load): boolean {
    return this.vehicles.some((vehicle, bit) => hasBit(mask, bit) && fits(peak, vehicle.capacity));
  }

  /** Groups items by stop; a stop with more than the biggest eligible vehicle holds is split into several visits. */
  private buildCustomers(items: PlanningItem[]): void {
    const byNode = new Map<string, PlanningItem[]>();
    for (const item of items) {
      const list = byNode.get(item.nodeId) ?? [];
      list.push(item);
      byNode.set(item.nodeId, list);
    }
    for (const nodeId of [...byNode.keys()].sort()) {
      const mask = this.vehicleMaskFor(nodeId);
      const eligible = this.vehiclesIn(mask);
      const nodeItems = byNode.get(nodeId)!;
      const roundTrip = 2 * this.distance.fromDepot(this.nodeIndex.get(nodeId)!);
      if (roundTrip > this.problem.limits.maxRunKm) {
        const reason = `the stop is ${roundTrip.toFixed(1)} km there and back, more than a run may drive`;
        nodeItems.forEach((item) => this.unassigned.push({ itemId: item.id, reason }));
        continue;
      }
      if (roundTrip + this.clock.dwellKm > this.clock.maxDurationKm) {
        const minutes = (roundTrip + this.clock.dwellKm) / this.clock.kmPerMinute;
        const reason = `the stop takes ${Math.round(minutes)} minutes there and back, longer than a run may last`;
        nodeItems.forEach((item) => this.unassigned.push({ itemId: item.id, reason }));
        continue;
      }
      if (eligible.length === 0) {
        const reason = `no ${this.cold ? 'refrigerated ' : ''}vehicle serves this stop today`;
        nodeItems.forEach((item) => this.unassigned.push({ itemId: item.id, reason }));
        continue;
      }
      const biggest = eligible.reduce((best, vehicle) =>
        vehicle.capacity.grams > best.capacity.grams ||
        (vehicle.capacity.grams === best.capacity.grams && vehicle.capacity.ml > best.capacity.ml)
          ? vehicle
          : best,
      ).capacity;
      const sorted = [...nodeItems].sort((a, b) => b.grams - a.grams || b.ml - a.ml || a.id.localeCompare(b.id));
      const chunks: Customer[] = [];
      for (const item of sorted) {
        const load: Load = { grams: item.grams, ml: item.ml };
        if (!eligible.some((vehicle) => fits(load, vehicle.capacity))) {
          this.unassigned.push({
            itemId: item.id,
            reason: `${(item.grams / 1000).toFixed(1)} kg / ${(item.ml / 1000).toFixed(1)} L is more than any eligible vehicle carries`,
          });
          continue;
        }
        const target = chunks.find((chunk) =>
          item.action === 'drop'
            ? fits(addLoad(chunk.drop, load), biggest)
            : fits(addLoad(chunk.collect, load), biggest),
        );
        let chunk = target;
        if (!chunk) {
          chunk = {
            node: this.nodeIndex.get(nodeId)!,
            drop: ZERO_LOAD,
            collect: ZERO_LOAD,
            drops: [],
            collects: [],
            mask,
          };
          chunks.push(chunk);
        }
        if (item.action === 'drop') {
          chunk.drop = addLoad(chunk.drop, load);
          chunk.drops.push(item.id);
        } else {
          chunk.collect = addLoad(chunk.collect, load);
          chunk.collects.push(item.id);
        }
      }
      this.customers.push(...chunks);
    }
  }

  /**
   * The optimiser on each set of customers that the same vehicles may serve, sized for the biggest of them; a run
   * that no free vehicle of the set can take is split when vehicles are assigned.
   */
  private optimised(settings: OptimiseSettings): Route[] {
    const { limits } = this.problem;
    const classes = new Map<string, number[]>();
    this.customers.forEach((customer, index) => {
      const key = customer.mask.join(',');
      const members = classes.get(key) ?? [];
      members.push(index);
      classes.set(key, members);
    });
    const routes: Route[] = [];
    let done = 0;
    const start = performance.now();
    const deadline = this.deadline ?? start;
    for (const members of classes.values()) {
      done += members.length;
      // each set of customers gets its share of what is left until the group's deadline
      const until = start + ((deadline - start) * done) / this.customers.length;
      const eligible = this.vehiclesIn(this.customers[members[0]].mask);
      const biggest = eligible.reduce((best, vehicle) =>
        vehicle.capacity.grams > best.capacity.grams ||
        (vehicle.capacity.grams === best.capacity.grams && vehicle.capacity.ml > best.capacity.ml)
          ? vehicle
          : best,
      ).capacity;
      const nodes = members.map((index) => this.customers[index].node);
      const size = members.length + 1;
      const matrix = new Float64Array(size * size);
      for (let a = 0; a < size; a++) {
        for (let b = a + 1; b < size; b++) {
          const km =
            a === 0 ? this.distance.fromDepot(nodes[b - 1]) : this.distance.between(nodes[a - 1], nodes[b - 1]);
          matrix[a * size + b] = km;
          matrix[b * size + a] = km;
        }
      }
      const demand = (pick: (customer: Customer) => number): number[] => [
        0,
        ...members.map((index) => pick(this.customers[index])),
      ];
      const instance = makeInstance({
        size,
        distance: matrix,
        delivery: demand((customer) => customer.drop.grams),
        pickup: demand((customer) => customer.collect.grams),
        capacity: biggest.grams,
        delivery2: demand((customer) => customer.drop.ml),
        pickup2: demand((customer) => customer.collect.ml),
        capacity2: biggest.ml,
        service: new Float64Array(size).fill(this.clock.dwellKm, 1),
        maxDuration: this.clock.maxDurationKm,
        maxDistance: limits.maxRunKm,
        maxStops: limits.maxStopsPerRun,
      });
      const result = solveVrpspd(instance, {
        seed: settings.seed,
        timeLimitMs: Math.max(1, until - performance.now()),
        maxIterations: settings.maxIterations,
      });
      for (const route of result.routes) {
        routes.push(this.routeOf(route.map((position) => members[position - 1])));
      }
    }
    return routes;
  }

  /**
   * The optimiser plans each set of customers with the same vehicles apart, while savings may join customers whose
   * vehicle sets merely overlap; with many route restrictions savings can come out shorter, so the shorter wins.
   */
  private shorter(optimised: Route[], savings: Route[]): Route[] {
    const km = (routes: Route[]): number => routes.reduce((total, route) => total + route.km, 0);
    return km(optimised) <= km(savings) ? optimised : savings;
  }

  private savings(): Route[] {
    const { limits } = this.problem;
    const routes: (Route | null)[] = this.customers.map((customer, index) => ({
      customers: [index],
      drop: customer.drop,
      collect: customer.collect,
      peak: maxLoad(customer.drop, customer.collect),
      peakRev: maxLoad(customer.drop, customer.collect),
      km: 2 * this.distance.fromDepot(customer.node),
      mask: customer.mask,
    }));
    const routeOf = Int32Array.from(this.customers, (_, index) => index);

    const pairs: { a: number; b: number; saving: number }[] = [];
    for (let a = 0; a < this.customers.length; a++) {
      for (let b = a + 1; b < this.customers.length; b++) {
        const ca = this.customers[a];
        const cb = this.customers[b];
        if (isEmpty(intersect(ca.mask, cb.mask))) {
          continue;
        }
        const saving =
          this.distance.fromDepot(ca.node) + this.distance.fromDepot(cb.node) - this.distance.between(ca.node, cb.node);
        // a pair that saves nothing is still joined, last: one run instead of two for the same km (a stop in the
        // hub's yard rides along with another stop's run)
        if (saving > -1e-9) {
          pairs.push({ a, b, saving });
        }
      }
    }
    pairs.sort((x, y) => y.saving - x.saving || x.a - y.a || x.b - y.b);

    for (const { a, b } of pairs) {
      const ia = routeOf[a];
      const ib = routeOf[b];
      if (ia === ib) {
        continue;
      }
      const ra = routes[ia]!;
      const rb = routes[ib]!;
      const merged = this.bestMerge(ra, rb, a, b, limits.maxStopsPerRun, limits.maxRunKm);
      if (!merged) {
        continue;
      }
      routes[ia] = merged;
      routes[ib] = null;
      for (const customer of rb.customers) {
        routeOf[customer] = ia;
      }
    }
    return routes.filter((route): route is Route => route !== null);
  }

  /** Joins the two runs so that customers a and b become neighbours, if any orientation is feasible. */
  private bestMerge(ra: Route, rb: Route, a: number, b: number, maxStops: number, maxKm: number): Route | null {
    const aFirst = ra.customers[0] === a;
    const aLast = ra.customers[ra.customers.length - 1] === a;
    const bFirst = rb.customers[0] === b;
    const bLast = rb.customers[rb.customers.length - 1] === b;
    if ((!aFirst && !aLast) || (!bFirst && !bLast)) {
      return null;
    }
    // customers, not distinct stops: 2-opt may later separate two visits of one stop
    if (ra.customers.length + rb.customers.length > maxStops) {
      return null;
    }
    const mask = intersect(ra.mask, rb.mask);
    if (isEmpty(mask)) {
      return null;
    }
    const options: Orientation[] = [];
    if (aLast && bFirst) options.push({ first: ra, second: rb, reverseFirst: false, reverseSecond: false });
    if (aFirst && bLast) options.push({ first: rb, second: ra, reverseFirst: false, reverseSecond: false });
    if (aLast && bLast) options.push({ first: ra, second: rb, reverseFirst: false, reverseSecond: true });
    if (aFirst && bFirst) options.push({ first: ra, second: rb, reverseFirst: true, reverseSecond: false });

    let best: Route | null = null;
    for (const option of options) {
      const x = option.reverseFirst ? reversed(option.first) : option.first;
      const y = option.reverseSecond ? reversed(option.second) : option.second;
      const lastX = this.customers[x.customers[x.customers.length - 1]].node;
      const firstY = this.customers[y.customers[0]].node;
      const km =
        x.km +
        y.km -
        this.distance.fromDepot(lastX) -
        this.distance.fromDepot(firstY) +
        this.distance.between(lastX, firstY);
      if (
        km > maxKm ||
        km + (x.customers.length + y.customers.length) * this.clock.dwellKm > this.clock.maxDurationKm
      ) {
        continue;
      }
      const { peak, peakRev } = concatPeak(x, y);
      if (!this.anyVehicleCarries(mask, peak)) {
        continue;
      }
      if (!best || peak.grams < best.peak.grams) {
        best = {
          customers: [...x.customers, ...y.customers],
          drop: addLoad(x.drop, y.drop),
          collect: addLoad(x.collect, y.collect),
          peak,
          peakRev,
          km,
          mask,
        };
      }
    }
    return best;
  }

  private demands(customers: readonly number[]): StopDemand[] {
    return customers.map((index) => ({ drop: this.customers[index].drop, collect: this.customers[index].collect }));
  }

  /** Gives each run a vehicle (big runs first); a run no free vehicle can take is split in two and tried again. */
  private assign(routes: Route[]): PlannedRun[] {
    const { limits } = this.problem;
    const queue = [...routes].sort((x, y) => y.peak.grams - x.peak.grams || y.km - x.km);
    const planned: PlannedRun[] = [];
    while (queue.length > 0) {
      const route = queue.shift()!;
      const candidates = this.vehiclesIn(route.mask)
        .filter(
          (vehicle) => fits(route.peak, vehicle.capacity) && vehicle.dayKm + route.km <= limits.maxVehicleDayKm + 1e-9,
        )
        .sort(
          (x, y) =>
            Number(x.refrigerated && !this.cold) - Number(y.refrigerated && !this.cold) ||
            x.dayKm - y.dayKm ||
            x.capacity.grams - y.capacity.grams ||
            x.index - y.index,
        );
      const vehicle = candidates[0];
      if (!vehicle) {
        if (route.customers.length > 1) {
          const half = Math.ceil(route.customers.length / 2);
          queue.push(this.routeOf(route.customers.slice(0, half)), this.routeOf(route.customers.slice(half)));
          continue;
        }
        const customer = this.customers[route.customers[0]];
        const reason = this.anyVehicleCarries(route.mask, route.peak)
          ? 'every eligible vehicle has reached its distance limit for the day'
          : 'no eligible vehicle can carry this stop';
        [...customer.drops, ...customer.collects].forEach((itemId) => this.unassigned.push({ itemId, reason }));
        continue;
      }
      const order = this.twoOpt(route.customers, vehicle.capacity);
      const km = this.distance.loop(order.map((index) => this.customers[index].node));
      vehicle.dayKm += km;
      vehicle.trips += 1;
      const stops = this.stopsOf(order);
      planned.push({
        vehicleId: vehicle.id,
        trip: vehicle.trips,
        cold: this.cold,
        stops,
        distanceKm: km,
        durationMinutes: (km + stops.length * this.clock.dwellKm) / this.clock.kmPerMinute,
      });
    }
    return planned;
  }

  private routeOf(customers: number[]): Route {
    const demands = this.demands(customers);
    const profile = loadProfile(demands);
    const reverseProfile = loadProfile([...demands].reverse());
    return {
      customers,
      drop: profile.start,
      collect: demands.reduce((total, demand) => addLoad(total, demand.collect), ZERO_LOAD),
      peak: profile.peak,
      peakRev: reverseProfile.peak,
      km: this.distance.loop(customers.map((index) => this.customers[index].node)),
      mask: customers.reduce(
        (mask, index) => intersect(mask, this.customers[index].mask),
        this.customers[customers[0]].mask,
      ),
    };
  }

  /** Reverses segments while that shortens the run and the load stays within capacity everywhere. */
  private twoOpt(customers: number[], capacity: Load): number[] {
    let order = [...customers];
    if (order.length < 3) {
      return order;
    }
    const nodeAt = (sequence: number[], index: number): number =>
      index < 0 || index >= sequence.length ? -1 : this.customers[sequence[index]].node;
    const edge = (from: number, to: number): number =>
      from < 0 ? this.distance.fromDepot(to) : to < 0 ? this.distance.fromDepot(from) : this.distance.between(from, to);
    let improved = true;
    let rounds = 0;
    while (improved && rounds < 20) {
      improved = false;
      rounds++;
      for (let i = 0; i < order.length - 1; i++) {
        for (let j = i + 1; j < order.length; j++) {
          const before = nodeAt(order, i - 1);
          const first = nodeAt(order, i);
          const last = nodeAt(order, j);
          const after = nodeAt(order, j + 1);
          const delta = edge(before, last) + edge(first, after) - edge(before, first) - edge(last, after);
          if (delta > -1e-9) {
            continue;
          }
          const candidate = [...order.slice(0, i), ...order.slice(i, j + 1).reverse(), ...order.slice(j + 1)];
          if (fits(loadProfile(this.demands(candidate)).peak, capacity)) {
            order = candidate;
            improved = true;
          }
        }
      }
    }
    return order;
  }

  /** Consecutive visits to the same node become one stop. */
  private stopsOf(order: number[]): PlannedStop[] {
    const stops: PlannedStop[] = [];
    for (const index of order) {
      const customer = this.customers[index];
      const nodeId = this.problem.nodes[customer.node].id;
      const last = stops[stops.length - 1];
      if (last && last.nodeId === nodeId) {
        last.drops.push(...customer.drops);
        last.collects.push(...customer.collects);
      } else {
        stops.push({ nodeId, drops: [...customer.drops], collects: [...customer.collects] });
      }
    }
    return stops;
  }
}

/** The load profile of a planned run, for checks outside the planner (manual changes, tests). */
export function runDemands(run: PlannedRun, items: ReadonlyMap<string, PlanningItem>): StopDemand[] {
  const sum = (ids: string[]): Load =>
    ids.reduce((total, id) => addLoad(total, { grams: items.get(id)!.grams, ml: items.get(id)!.ml }), ZERO_LOAD);
  return run.stops.map((stop) => ({ drop: sum(stop.drops), collect: sum(stop.collects) }));
}

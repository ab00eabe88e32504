import fc from 'fast-check';
import { euclideanMatrix, makeInstance, routesCost, violations, VrpspdInstance } from './instance';
import { LocalSearch } from './local-search';
import { Random } from './random';
import { Route } from './route';
import { DEFAULT_RUIN_RECREATE, RuinRecreate } from './ruin-recreate';
import { savingsRoutes } from './savings';
import { Solution } from './solution';
import { solveVrpspd } from './solver';

interface Generated {
  xs: number[];
  ys: number[];
  delivery: number[];
  pickup: number[];
  capacity: number;
  service: number;
  maxDuration: number;
  maxDistance: number;
  maxStops: number;
}

const generated: fc.Arbitrary<Generated> = fc.integer({ min: 1, max: 12 }).chain((customers) =>
  fc.record({
    xs: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: customers + 1, maxLength: customers + 1 }),
    ys: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: customers + 1, maxLength: customers + 1 }),
    delivery: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: customers + 1, maxLength: customers + 1 }),
    pickup: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: customers + 1, maxLength: customers + 1 }),
    capacity: fc.integer({ min: 40, max: 150 }),
    service: fc.integer({ min: 0, max: 10 }),
    maxDuration: fc.integer({ min: 300, max: 1000 }),
    maxDistance: fc.integer({ min: 290, max: 1000 }),
    maxStops: fc.integer({ min: 1, max: 8 }),
  }),
);

function instanceOf(input: Generated): VrpspdInstance {
  const size = input.xs.length;
  const zeroDepot = (values: number[]): number[] => values.map((value, index) => (index === 0 ? 0 : value));
  const service = new Float64Array(size).fill(input.service);
  service[0] = 0;
  return makeInstance({
    size,
    distance: euclideanMatrix(input.xs, input.ys),
    delivery: zeroDepot(input.delivery),
    pickup: zeroDepot(input.pickup),
    capacity: input.capacity,
    service,
    // every customer must fit a route of its own: 2 × 142 + 10 < 300 (duration), 2 × 142 < 290 (distance alone)
    maxDuration: input.maxDuration,
    maxDistance: input.maxDistance,
    maxStops: input.maxStops,
  });
}

/** The best plan by enumeration: every ordering of the customers, cut into routes in every way. */
function bruteForceCost(instance: VrpspdInstance): number {
  const customers = Array.from({ length: instance.size - 1 }, (_, index) => index + 1);
  let best = Infinity;
  const permute = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) {
      const cuts = prefix.length - 1;
      for (let mask = 0; mask < 1 << cuts; mask++) {
        const routes: number[][] = [[prefix[0]]];
        for (let index = 1; index < prefix.length; index++) {
          if (mask & (1 << (index - 1))) {
            routes.push([]);
          }
          routes[routes.length - 1].push(prefix[index]);
        }
        if (violations(instance, routes).length === 0) {
          best = Math.min(best, routesCost(instance, routes));
        }
      }
      return;
    }
    rest.forEach((customer, index) =>
      permute([...prefix, customer], [...rest.slice(0, index), ...rest.slice(index + 1)]),
    );
  };
  permute([], customers);
  return best;
}

describe('VRPSPD solver', () => {
  it('never returns a plan that breaks a rule on generated instances', () => {
    fc.assert(
      fc.property(generated, fc.nat(1000), (input, seed) => {
        const instance = instanceOf(input);
        const result = solveVrpspd(instance, { seed, maxIterations: 200 });
        expect(violations(instance, result.routes)).toEqual([]);
        expect(result.cost).toBeCloseTo(routesCost(instance, result.routes), 9);
      }),
      { numRuns: 150 },
    );
  });

  it('finds the optimum of small instances that enumeration finds', () => {
    fc.assert(
      fc.property(
        generated.filter((input) => input.xs.length <= 7),
        (input) => {
          const instance = instanceOf(input);
          const result = solveVrpspd(instance, { seed: 3, maxIterations: 300 });
          expect(result.cost).toBeCloseTo(bruteForceCost(instance), 6);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gives the same plan for the same seed', () => {
    const input = fc.sample(
      generated.filter((value) => value.xs.length > 10),
      { numRuns: 1, seed: 42 },
    )[0];
    const instance = instanceOf({ ...input, maxStops: 5, capacity: 120 });
    const first = solveVrpspd(instance, { seed: 9, maxIterations: 500 });
    const second = solveVrpspd(instance, { seed: 9, maxIterations: 500 });
    expect(second.routes).toEqual(first.routes);
  });
});

describe(savingsRoutes.name, () => {
  it('starts from routes that keep every rule and visit every customer once', () => {
    fc.assert(
      fc.property(generated, fc.integer({ min: 1, max: 12 }), (input, candidates) => {
        const instance = instanceOf(input);
        const { adjacency } = allNearest(instance);
        const routes = savingsRoutes(instance, adjacency, candidates);
        expect(violations(instance, routes)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('joins customers on one side of the hub into one route when capacity allows', () => {
    // four customers in a row east of the hub, each delivered 1 and picked 1 of a capacity of 10: one route, 2 × 4 long
    const instance = makeInstance({
      size: 5,
      distance: euclideanMatrix([0, 1, 2, 3, 4], [0, 0, 0, 0, 0]),
      delivery: [0, 1, 1, 1, 1],
      pickup: [0, 1, 1, 1, 1],
      capacity: 10,
    });
    const routes = savingsRoutes(instance, allNearest(instance).adjacency, 3);
    expect(routes).toHaveLength(1);
    expect(routesCost(instance, routes)).toBeCloseTo(8, 9);
  });
});

/** Every other customer, nearest first, per customer (size × (size − 1)), as the solver builds it. */
function allNearest(instance: VrpspdInstance): { adjacency: Int32Array } {
  const { size, distance } = instance;
  const adjacency = new Int32Array(size * (size - 1));
  for (let customer = 1; customer < size; customer++) {
    const others = Array.from({ length: size - 1 }, (_, index) => index + 1).filter((other) => other !== customer);
    others.sort((a, b) => distance[customer * size + a] - distance[customer * size + b] || a - b);
    adjacency.set(others, customer * (size - 1));
  }
  return { adjacency };
}

/** A route's overload from a walk along it: the peak load above capacity, in shares of capacity. */
function overloadByWalk(instance: VrpspdInstance, route: number[]): number {
  let overload = 0;
  for (let dim = 0; dim < instance.dimensions; dim++) {
    let load = route.reduce((total, customer) => total + instance.delivery[dim][customer], 0);
    let peak = load;
    for (const customer of route) {
      load += instance.pickup[dim][customer] - instance.delivery[dim][customer];
      peak = Math.max(peak, load);
    }
    overload += Math.max(0, peak - instance.capacity[dim]) / instance.capacity[dim];
  }
  return overload;
}

describe(RuinRecreate.name, () => {
  it('now and then empties the lightest route, whose customers the others absorb when they have room', () => {
    const instance = makeInstance({
      size: 5,
      distance: euclideanMatrix([0, 1, 2, 3, 4], [0, 0, 0, 0, 0]),
      delivery: [0, 3, 3, 3, 1],
      pickup: [0, 1, 1, 1, 1],
      capacity: 10,
    });
    const solution = new Solution(instance);
    solution.addRoute([1, 2, 3]);
    solution.addRoute([4]);
    const sut = new RuinRecreate(instance, allNearest(instance).adjacency, new Random(1), {
      ...DEFAULT_RUIN_RECREATE,
      routeRemovalRate: 1,
      blinkRate: 0,
    });
    sut.apply(solution);
    expect(sut.removedCount).toBe(1);
    const routes = solution.customersOf();
    expect(routes).toHaveLength(1);
    expect([...routes[0]].sort()).toEqual([1, 2, 3, 4]);
    expect(violations(instance, solution.customersOf())).toEqual([]);
  });

  it('with capacity as a penalty, puts the customers of an emptied route on the others even if they overload them', () => {
    // customers 1 and 2 fill a route (5 + 5 of 10); customer 3 next to them costs 2 km more on it (either side of
    // customer 2), 24 km alone
    const instance = makeInstance({
      size: 4,
      distance: euclideanMatrix([0, 10, 11, 12], [0, 0, 0, 0]),
      delivery: [0, 5, 5, 5],
      pickup: [0, 0, 0, 0],
      capacity: 10,
    });
    const replanned = (penalty: number): number[][] => {
      const solution = new Solution(instance);
      solution.addRoute([1, 2]);
      solution.addRoute([3]);
      const sut = new RuinRecreate(instance, allNearest(instance).adjacency, new Random(1), {
        ...DEFAULT_RUIN_RECREATE,
        routeRemovalRate: 1,
        blinkRate: 0,
      });
      sut.penalty = penalty;
      sut.apply(solution);
      return solution.customersOf().map((route) => route.sort((a, b) => a - b));
    };
    // half a capacity over, at any penalty (2 km + 100 × 0.5 is more than 24 km alone): the point was one route fewer
    expect(replanned(1)).toEqual([[1, 2, 3]]);
    expect(replanned(100)).toEqual([[1, 2, 3]]);
    // with capacity as a rule there is no choice
    expect(replanned(Infinity)).toEqual([[1, 2], [3]]);
  });
});

describe(Route.name, () => {
  // delivery then pickup per customer: leaving with 2 + 5 + 1 = 8; after 1: 8 − 2 + 6 = 12; after 2: 12 − 5 + 0 = 7
  const instance = makeInstance({
    size: 4,
    distance: euclideanMatrix([0, 0, 3, 3], [0, 4, 4, 0]),
    delivery: [0, 2, 5, 1],
    pickup: [0, 6, 0, 3],
    capacity: 12,
  });

  it('keeps the load after each stop and its prefix and suffix maxima', () => {
    const sut = new Route(instance.size + 2);
    sut.assign(instance, [1, 2, 3]);
    expect(Array.from(sut.load[0].subarray(0, 4))).toEqual([8, 12, 7, 9]);
    expect(Array.from(sut.pre[0].subarray(0, 4))).toEqual([8, 12, 12, 12]);
    expect(Array.from(sut.suf[0].subarray(0, 4))).toEqual([12, 12, 9, 9]);
    expect(sut.distance).toBeCloseTo(4 + 3 + 4 + 3, 9);
  });

  it('answers insertion feasibility from the maxima exactly as a full check does', () => {
    const base = makeInstance({
      size: 5,
      distance: euclideanMatrix([0, 0, 3, 3, 1], [0, 4, 4, 0, 1]),
      delivery: [0, 2, 5, 1, 3],
      pickup: [0, 6, 0, 3, 1],
      capacity: 14,
    });
    const sut = new Route(base.size + 2);
    sut.assign(base, [1, 2, 3]);
    for (let after = 0; after <= 3; after++) {
      const quick = sut.pre[0][after] + base.delivery[0][4] <= 14 && sut.suf[0][after] + base.pickup[0][4] <= 14;
      const order = [1, 2, 3];
      order.splice(after, 0, 4);
      expect(quick).toBe(violations(base, [order]).filter((text) => text.includes('carries')).length === 0);
    }
  });
});

describe(LocalSearch.name, () => {
  it('improves a poor plan by moves between routes without breaking capacity', () => {
    fc.assert(
      fc.property(generated, fc.nat(1000), (input, seed) => {
        const instance = instanceOf({ ...input, maxStops: 20 });
        const size = instance.size;
        const neighbours = new Int32Array(size * Math.max(1, size - 2));
        const granularity = Math.max(0, size - 2);
        for (let customer = 1; customer < size; customer++) {
          let count = 0;
          for (let other = 1; other < size; other++) {
            if (other !== customer) neighbours[customer * granularity + count++] = other;
          }
        }
        const solution = new Solution(instance);
        for (let customer = 1; customer < size; customer++) {
          solution.addRoute([customer]);
        }
        const before = solution.cost;
        const sut = new LocalSearch(instance, neighbours, granularity, new Random(seed));
        sut.run(solution);
        const routes = solution.customersOf();
        expect(violations(instance, routes)).toEqual([]);
        expect(solution.cost).toBeLessThanOrEqual(before + 1e-9);
        expect(solution.cost).toBeCloseTo(routesCost(instance, routes), 9);
      }),
      { numRuns: 150 },
    );
  });

  it('with capacity as a penalty, makes only moves that lower distance plus penalty, judged exactly in O(1)', () => {
    fc.assert(
      fc.property(generated, fc.nat(1000), fc.double({ min: 0.1, max: 500, noNaN: true }), (input, seed, penalty) => {
        const instance = instanceOf({ ...input, maxStops: 20 });
        const size = instance.size;
        const granularity = Math.max(0, size - 2);
        const { adjacency } = allNearest(instance);
        const neighbours = new Int32Array(size * Math.max(1, granularity));
        for (let customer = 1; customer < size; customer++) {
          neighbours.set(
            adjacency.subarray(customer * (size - 1), customer * (size - 1) + granularity),
            customer * granularity,
          );
        }
        // customers dealt round-robin to two routes, which may well overload them
        const solution = new Solution(instance);
        const customers = Array.from({ length: size - 1 }, (_, index) => index + 1);
        solution.addRoute(customers.filter((customer) => customer % 2 === 1));
        solution.addRoute(customers.filter((customer) => customer % 2 === 0));
        const before = solution.penalisedCost(penalty);
        const sut = new LocalSearch(instance, neighbours, granularity, new Random(seed));
        sut.penalty = penalty;
        sut.run(solution);
        // each move's penalty came from the O(1) peaks; the routes' overloads are recomputed from scratch on change
        expect(solution.penalisedCost(penalty)).toBeLessThanOrEqual(before + 1e-9);
        for (const route of solution.routes) {
          expect(route.overload).toBeCloseTo(overloadByWalk(instance, route.customers()), 9);
        }
        // and the same plan searched with capacity as a hard rule again comes out within capacity when it started so
        sut.penalty = Infinity;
        const fitting = new Solution(instance);
        for (const customer of customers) {
          fitting.addRoute([customer]);
        }
        sut.run(fitting);
        expect(violations(instance, fitting.customersOf())).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('focused on the routes just changed, leaves the others alone unless a move pairs them with a changed one', () => {
    fc.assert(
      fc.property(
        generated.filter((input) => input.xs.length > 3),
        fc.nat(1000),
        (input, seed) => {
          const instance = instanceOf({ ...input, maxStops: 20 });
          const size = instance.size;
          const granularity = size - 2;
          const { adjacency } = allNearest(instance);
          const neighbours = new Int32Array(size * granularity);
          for (let customer = 1; customer < size; customer++) {
            neighbours.set(
              adjacency.subarray(customer * (size - 1), customer * (size - 1) + granularity),
              customer * granularity,
            );
          }
          const solution = new Solution(instance);
          for (let customer = 1; customer < size; customer++) {
            solution.addRoute([customer]);
          }
          const sut = new LocalSearch(instance, neighbours, granularity, new Random(seed));
          solution.clearMarks();
          const untouched = solution.cost;
          sut.run(solution, true);
          expect(solution.cost).toBe(untouched);

          solution.routes[0].dirty = true;
          sut.run(solution, true);
          const last = solution.routes[solution.routes.length - 1];
          last.dirty = true;
          sut.run(solution, true, Int32Array.of(last.seq[1]), last.len > 0 ? 1 : 0);
          const routes = solution.customersOf();
          expect(violations(instance, routes)).toEqual([]);
          expect(solution.cost).toBeLessThanOrEqual(untouched + 1e-9);
          expect(solution.cost).toBeCloseTo(routesCost(instance, routes), 9);
        },
      ),
      { numRuns: 100 },
    );
  });
});

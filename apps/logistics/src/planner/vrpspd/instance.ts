/**
 * A vehicle routing problem with simultaneous pickup and delivery in the solver's own terms: node 0 is the depot,
 * 1..n−1 the customers. Loads have two dimensions (kg and litres for the county; the benchmarks use one and leave
 * the second at zero). A route leaves the depot with all its deliveries; at each customer the load changes by
 * pickup − delivery and must stay within capacity in both dimensions everywhere.
 */
export interface VrpspdInstance {
  /** Nodes, the depot included. */
  size: number;
  /** size × size, row-major. */
  distance: Float64Array;
  delivery: [Float64Array, Float64Array];
  pickup: [Float64Array, Float64Array];
  capacity: [number, number];
  /** Service (dwell) time per node, added to a route's duration. */
  service: Float64Array;
  /** Distance plus service times of a route; Infinity when unbounded. */
  maxDuration: number;
  /** Distance alone of a route (the county's km per run beside its run duration); Infinity when unbounded. */
  maxDistance: number;
  /** Customers per route; Infinity when unbounded. */
  maxStops: number;
  /** 1 when the second load dimension is unused (unbounded), else 2. */
  dimensions: number;
}

export interface InstanceInput {
  distance: Float64Array;
  size: number;
  delivery: ArrayLike<number>;
  pickup: ArrayLike<number>;
  capacity: number;
  delivery2?: ArrayLike<number>;
  pickup2?: ArrayLike<number>;
  capacity2?: number;
  service?: ArrayLike<number>;
  maxDuration?: number;
  maxDistance?: number;
  maxStops?: number;
}

export function makeInstance(input: InstanceInput): VrpspdInstance {
  const { size } = input;
  const zeros = new Float64Array(size);
  return {
    size,
    distance: input.distance,
    delivery: [Float64Array.from(input.delivery), input.delivery2 ? Float64Array.from(input.delivery2) : zeros],
    pickup: [Float64Array.from(input.pickup), input.pickup2 ? Float64Array.from(input.pickup2) : zeros],
    capacity: [input.capacity, input.capacity2 ?? Infinity],
    service: input.service ? Float64Array.from(input.service) : new Float64Array(size),
    maxDuration: input.maxDuration ?? Infinity,
    maxDistance: input.maxDistance ?? Infinity,
    maxStops: input.maxStops ?? Infinity,
    dimensions: input.capacity2 === undefined || input.capacity2 === Infinity ? 1 : 2,
  };
}

/** The Euclidean distance matrix of points, not rounded. */
export function euclideanMatrix(xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const size = xs.length;
  const matrix = new Float64Array(size * size);
  for (let a = 0; a < size; a++) {
    for (let b = a + 1; b < size; b++) {
      const d = Math.hypot(xs[a] - xs[b], ys[a] - ys[b]);
      matrix[a * size + b] = d;
      matrix[b * size + a] = d;
    }
  }
  return matrix;
}

/** Every customer once, load within capacity at every point, duration and stops within limits; returns what breaks. */
export function violations(instance: VrpspdInstance, routes: readonly (readonly number[])[]): string[] {
  const found: string[] = [];
  const { size, distance } = instance;
  const seen = new Int32Array(size);
  routes.forEach((route, index) => {
    if (route.length === 0) {
      return;
    }
    if (route.length > instance.maxStops) {
      found.push(`route ${index} has ${route.length} stops`);
    }
    for (let dim = 0; dim < 2; dim++) {
      let load = 0;
      for (const customer of route) {
        load += instance.delivery[dim][customer];
      }
      if (load > instance.capacity[dim]) {
        found.push(`route ${index} leaves the depot with ${load} > ${instance.capacity[dim]}`);
      }
      for (const customer of route) {
        load += instance.pickup[dim][customer] - instance.delivery[dim][customer];
        if (load > instance.capacity[dim]) {
          found.push(`route ${index} carries ${load} > ${instance.capacity[dim]} after ${customer}`);
        }
      }
    }
    let duration = 0;
    let length = 0;
    let previous = 0;
    for (const customer of route) {
      if (customer <= 0 || customer >= size) {
        found.push(`route ${index} visits unknown node ${customer}`);
        return;
      }
      seen[customer]++;
      length += distance[previous * size + customer];
      duration += distance[previous * size + customer] + instance.service[customer];
      previous = customer;
    }
    duration += distance[previous * size];
    length += distance[previous * size];
    if (length > instance.maxDistance + 1e-9) {
      found.push(`route ${index} drives ${length} > ${instance.maxDistance}`);
    }
    if (duration > instance.maxDuration + 1e-9) {
      found.push(`route ${index} lasts ${duration} > ${instance.maxDuration}`);
    }
  });
  for (let customer = 1; customer < size; customer++) {
    if (seen[customer] !== 1) {
      found.push(`customer ${customer} is visited ${seen[customer]} times`);
    }
  }
  return found;
}

export function routesCost(instance: VrpspdInstance, routes: readonly (readonly number[])[]): number {
  let cost = 0;
  for (const route of routes) {
    let previous = 0;
    for (const customer of route) {
      cost += instance.distance[previous * instance.size + customer];
      previous = customer;
    }
    if (route.length > 0) {
      cost += instance.distance[previous * instance.size];
    }
  }
  return cost;
}

import { VrpspdInstance } from './instance';

/**
 * One route with everything a move needs in O(1): for each position k (0 = leaving the depot, 1..len the
 * customers) the load after k, its prefix maximum over 0..k and suffix maximum over k..len, cumulative deliveries
 * and pickups, distance from the depot along the route and service time so far. Inserting a customer c after k
 * is load-feasible iff pre[k] + delivery(c) ≤ Q and suf[k] + pickup(c) ≤ Q in every dimension. Routes live in a
 * solution's pool with room for every customer, so the search allocates nothing once warmed up.
 */
export class Route {
  /** seq[0] = seq[len + 1] = 0 (the depot). */
  seq: Int32Array;
  len = 0;
  load: [Float64Array, Float64Array];
  pre: [Float64Array, Float64Array];
  suf: [Float64Array, Float64Array];
  cumDelivery: [Float64Array, Float64Array];
  cumPickup: [Float64Array, Float64Array];
  /** Distance from the depot to position k along the route; cumDist[len + 1] is the route's length. */
  cumDist: Float64Array;
  cumService: Float64Array;
  /**
   * How far the route's peak load is above capacity, summed over the dimensions in shares of each capacity (0 when
   * it fits): the search may overload a route at a cost (see LocalSearch.penalty).
   */
  overload = 0;
  /** Changed since the owning solution was last synchronised with another (see Solution.syncFrom). */
  dirty = false;
  /** Names the route's content: new on every change, shared by a copy (so that indexes can tell what changed). */
  version = 0;

  constructor(capacity: number) {
    const cap = Math.max(8, capacity);
    this.seq = new Int32Array(cap);
    this.load = [new Float64Array(cap), new Float64Array(cap)];
    this.pre = [new Float64Array(cap), new Float64Array(cap)];
    this.suf = [new Float64Array(cap), new Float64Array(cap)];
    this.cumDelivery = [new Float64Array(cap), new Float64Array(cap)];
    this.cumPickup = [new Float64Array(cap), new Float64Array(cap)];
    this.cumDist = new Float64Array(cap);
    this.cumService = new Float64Array(cap);
  }

  get distance(): number {
    return this.cumDist[this.len + 1];
  }

  get service(): number {
    return this.cumService[this.len];
  }

  delivered(dim: number): number {
    return this.cumDelivery[dim][this.len];
  }

  picked(dim: number): number {
    return this.cumPickup[dim][this.len];
  }

  /** Becomes a copy of other (same capacity), without allocating. */
  copyFrom(other: Route, dimensions: number): void {
    const used = other.len + 2;
    this.version = other.version;
    this.len = other.len;
    this.overload = other.overload;
    copy(other.seq, this.seq, used);
    for (let dim = 0; dim < dimensions; dim++) {
      copy(other.load[dim], this.load[dim], used);
      copy(other.pre[dim], this.pre[dim], used);
      copy(other.suf[dim], this.suf[dim], used);
      copy(other.cumDelivery[dim], this.cumDelivery[dim], used);
      copy(other.cumPickup[dim], this.cumPickup[dim], used);
    }
    copy(other.cumDist, this.cumDist, used);
    copy(other.cumService, this.cumService, used);
  }

  customers(): number[] {
    return Array.from(this.seq.subarray(1, this.len + 1));
  }

  /** Replaces the customers (from scratch) and recomputes. */
  assign(instance: VrpspdInstance, customers: ArrayLike<number>, count = customers.length): void {
    this.seq[0] = 0;
    for (let index = 0; index < count; index++) {
      this.seq[index + 1] = customers[index];
    }
    this.len = count;
    this.seq[count + 1] = 0;
    this.update(instance);
  }

  insertAfter(instance: VrpspdInstance, position: number, customer: number): void {
    this.seq.copyWithin(position + 2, position + 1, this.len + 2);
    this.seq[position + 1] = customer;
    this.len++;
    this.update(instance);
  }

  update(instance: VrpspdInstance): void {
    this.dirty = true;
    this.version = ++lastVersion;
    const { seq, len } = this;
    const { distance, size, service } = instance;
    let overload = 0;
    for (let dim = 0; dim < instance.dimensions; dim++) {
      const delivery = instance.delivery[dim];
      const pickup = instance.pickup[dim];
      const cumDelivery = this.cumDelivery[dim];
      const cumPickup = this.cumPickup[dim];
      cumDelivery[0] = 0;
      cumPickup[0] = 0;
      for (let k = 1; k <= len; k++) {
        cumDelivery[k] = cumDelivery[k - 1] + delivery[seq[k]];
        cumPickup[k] = cumPickup[k - 1] + pickup[seq[k]];
      }
      const total = cumDelivery[len];
      const load = this.load[dim];
      const pre = this.pre[dim];
      const suf = this.suf[dim];
      for (let k = 0; k <= len; k++) {
        load[k] = total - cumDelivery[k] + cumPickup[k];
        pre[k] = k === 0 ? load[0] : Math.max(pre[k - 1], load[k]);
      }
      suf[len] = load[len];
      for (let k = len - 1; k >= 0; k--) {
        suf[k] = Math.max(suf[k + 1], load[k]);
      }
      load[len + 1] = load[len];
      pre[len + 1] = pre[len];
      suf[len + 1] = load[len];
      overload += overloadOf(pre[len], instance.capacity[dim]);
    }
    this.overload = overload;
    this.cumDist[0] = 0;
    this.cumService[0] = 0;
    for (let k = 1; k <= len + 1; k++) {
      this.cumDist[k] = this.cumDist[k - 1] + distance[seq[k - 1] * size + seq[k]];
      this.cumService[k] = this.cumService[k - 1] + service[seq[k]];
    }
  }

  /** Whether the route's loads stay within capacity (after a from-scratch change). */
  loadFits(instance: VrpspdInstance): boolean {
    return this.pre[0][this.len] <= instance.capacity[0] && this.pre[1][this.len] <= instance.capacity[1];
  }
}

let lastVersion = 0;

/** A peak load's excess over capacity as a share of the capacity; 0 when it fits. */
export function overloadOf(peak: number, capacity: number): number {
  return peak > capacity ? (peak - capacity) / capacity : 0;
}

function copy<T extends Int32Array | Float64Array>(from: T, to: T, count: number): void {
  for (let index = 0; index < count; index++) {
    to[index] = from[index];
  }
}

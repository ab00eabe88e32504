import { VrpspdInstance } from './instance';
import { Random } from './random';
import { overloadOf, Route } from './route';
import { Solution } from './solution';

const EPSILON = 1e-9;
/** Longest segment moved by cross-exchange in a full search (1 = relocate and swap only). */
const MAX_SEGMENT = 2;

/**
 * First-improvement local search over granular neighbour lists: for a customer u and each of its nearest customers
 * v, moves that make u and v neighbours — between routes: relocate, swap and cross-exchange of segments of up to
 * {@link MAX_SEGMENT} customers, and 2-opt* (exchange of route tails); within a route: relocate and 2-opt. Load
 * feasibility of every inter-route move is O(1) from each route's prefix and suffix load maxima.
 */
export class LocalSearch {
  private readonly routeOf: Int32Array;
  private readonly posOf: Int32Array;
  /** The customers a pass tries, the first count of them. */
  private readonly work: Int32Array;
  /** Per route slot, the content (Route.version) that routeOf and posOf reflect. */
  private indexed: Int32Array;
  private readonly bufferA: Int32Array;
  private readonly bufferB: Int32Array;
  /** Moves applied so far in this run; a route's modifiedAt and a customer's testedAt are read on this clock. */
  private clock = 0;
  private modifiedAt: Int32Array;
  private readonly testedAt: Int32Array;
  private solution!: Solution;
  private maxSegment = MAX_SEGMENT;
  /**
   * What a unit of overload (Route.overload) costs, in distance; Infinity: capacity is a hard rule and no move may
   * overload a route. With a finite penalty a move is judged by its distance plus the change of the penalty.
   */
  penalty = Infinity;

  constructor(
    private readonly instance: VrpspdInstance,
    /** For each customer its `granularity` nearest customers (size × granularity). */
    private readonly neighbours: Int32Array,
    private readonly granularity: number,
    private readonly random: Random,
  ) {
    const { size } = instance;
    this.routeOf = new Int32Array(size);
    this.posOf = new Int32Array(size);
    this.work = new Int32Array(size);
    this.bufferA = new Int32Array(size + 2);
    this.bufferB = new Int32Array(size + 2);
    this.modifiedAt = new Int32Array(size + 8);
    this.indexed = new Int32Array(size + 8).fill(-1);
    this.testedAt = new Int32Array(size);
  }

  /**
   * Improves solution in place until no move improves it (or maxPasses passes); emptied routes stay, empty. A pair
   * (u, v) is tried again only when u's or v's route changed since u was last tried (HGS's "when last modified"),
   * so the passes after the first cost little. `focused` (after each ruin-and-recreate step): only routes marked
   * dirty, i.e. changed since the solution was last synchronised, count as changed at the start; the first pass
   * tries the `seeds` (the customers just put back; without seeds, every customer of a dirty route) and each later
   * pass the customers of the routes the pass before changed; and segments of one customer only are moved
   * (relocate, swap, 2-opt*), which on the benchmarks buys more iterations than the longer cross-exchanges win.
   */
  run(solution: Solution, focused = false, seeds?: Int32Array, seedCount = 0, maxPasses = 50): void {
    this.solution = solution;
    this.maxSegment = focused ? 1 : MAX_SEGMENT;
    const routes = solution.routes;
    if (this.modifiedAt.length < routes.length) {
      this.modifiedAt = new Int32Array(routes.length * 2);
      this.indexed = new Int32Array(routes.length * 2).fill(-1);
    }
    this.clock = 1;
    const { modifiedAt, testedAt, work } = this;
    let count = 0;
    for (let r = 0; r < routes.length; r++) {
      const route = routes[r];
      // focused (always on the candidate, whose slots hold the same contents as the current solution's, compacted
      // together): only slots whose content changed since they were indexed, since every customer that moved is in
      // one of them. A full run may be on another solution (the best), where a content may sit in another slot.
      if (!focused || this.indexed[r] !== route.version) {
        this.index(r);
      }
      const changed = !focused || route.dirty;
      modifiedAt[r] = changed ? 1 : 0;
      if (changed && seeds === undefined) {
        for (let k = 1; k <= route.len; k++) {
          work[count++] = route.seq[k];
        }
      }
    }
    if (seeds !== undefined) {
      for (let index = 0; index < seedCount; index++) {
        work[count++] = seeds[index];
      }
    }
    testedAt.fill(0);
    for (let pass = 0; pass < maxPasses && count > 0; pass++) {
      const passStart = this.clock;
      if (!this.pass(count)) {
        break;
      }
      if (!focused) {
        continue;
      }
      // focused: the next pass tries the customers of the routes this pass changed
      count = 0;
      for (let r = 0; r < routes.length; r++) {
        if (modifiedAt[r] > passStart) {
          const route = routes[r];
          for (let k = 1; k <= route.len; k++) {
            work[count++] = route.seq[k];
          }
        }
      }
    }
  }

  /** One pass over the first count customers of work, in random order; whether a move was made. */
  private pass(count: number): boolean {
    const { granularity, neighbours, modifiedAt, testedAt, routeOf, work } = this;
    let improved = false;
    this.random.shuffle(work, count);
    for (let index = 0; index < count; index++) {
      const u = work[index];
      const tested = testedAt[u];
      testedAt[u] = this.clock;
      for (let g = 0; g < granularity; g++) {
        const v = neighbours[u * granularity + g];
        if (modifiedAt[routeOf[u]] <= tested && modifiedAt[routeOf[v]] <= tested) {
          continue;
        }
        if (this.tryMoves(u, v)) {
          improved = true;
        }
      }
    }
    return improved;
  }

  private index(r: number): void {
    const route = this.solution.routes[r];
    this.indexed[r] = route.version;
    for (let k = 1; k <= route.len; k++) {
      this.routeOf[route.seq[k]] = r;
      this.posOf[route.seq[k]] = k;
    }
  }

  private tryMoves(u: number, v: number): boolean {
    const ru = this.routeOf[u];
    const rv = this.routeOf[v];
    if (ru === rv) {
      return this.intraRelocate(ru, this.posOf[u], this.posOf[v]) || this.twoOpt(ru, this.posOf[u], this.posOf[v]);
    }
    const routes = this.solution.routes;
    const A = routes[ru];
    const B = routes[rv];
    const i = this.posOf[u];
    const j = this.posOf[v];
    const maxSegment = this.maxSegment;
    for (let a = 1; a <= maxSegment; a++) {
      for (let b = 0; b <= maxSegment; b++) {
        // u's segment right after v
        if (i + a - 1 <= A.len && j + b <= B.len && this.exchange(ru, A, i, a, rv, B, j + 1, b)) {
          return true;
        }
        // u's segment (ending at u) right before v
        const first = i - a + 1;
        const other = j - b;
        if (first >= 1 && other >= 1 && this.exchange(ru, A, first, a, rv, B, other, b)) {
          return true;
        }
      }
    }
    return this.twoOptStar(ru, A, i, rv, B, j - 1) || this.twoOptStar(rv, B, j, ru, A, i - 1);
  }

  /**
   * Puts A's segment [s1, s1+a) in place of B's segment [s2, s2+b) and B's segment in place of A's (b = 0: insert
   * A's segment before position s2 of B).
   */
  private exchange(ra: number, A: Route, s1: number, a: number, rb: number, B: Route, s2: number, b: number): boolean {
    const { distance, size, capacity, maxDuration, maxDistance, maxStops } = this.instance;
    const e1 = s1 + a - 1;
    const e2 = s2 + b - 1;
    const p1 = A.seq[s1 - 1];
    const n1 = A.seq[e1 + 1];
    const f1 = A.seq[s1];
    const l1 = A.seq[e1];
    const p2 = B.seq[s2 - 1];
    const n2 = B.seq[e2 + 1];
    const old1 = distance[p1 * size + f1] + distance[l1 * size + n1];
    const new2 = distance[p2 * size + f1] + distance[l1 * size + n2];
    let new1: number;
    let old2: number;
    if (b > 0) {
      const f2 = B.seq[s2];
      const l2 = B.seq[e2];
      new1 = distance[p1 * size + f2] + distance[l2 * size + n1];
      old2 = distance[p2 * size + f2] + distance[l2 * size + n2];
    } else {
      new1 = distance[p1 * size + n1];
      old2 = distance[p2 * size + n2];
    }
    const delta = new1 - old1 + new2 - old2;
    const soft = this.penalty < Infinity;
    // a move that does not shorten the plan pays off only if it relieves overloaded routes by more than it adds
    if (delta > (soft ? this.penalty * (A.overload + B.overload) : 0) - EPSILON) {
      return false;
    }
    if (A.len - a + b > maxStops || B.len - b + a > maxStops) {
      return false;
    }
    if (maxDuration < Infinity || maxDistance < Infinity) {
      const inner1 = A.cumDist[e1] - A.cumDist[s1];
      const inner2 = b > 0 ? B.cumDist[e2] - B.cumDist[s2] : 0;
      const service1 = A.cumService[e1] - A.cumService[s1 - 1];
      const service2 = B.cumService[e2 >= s2 ? e2 : s2 - 1] - B.cumService[s2 - 1];
      const length1 = A.distance + new1 - old1 - inner1 + inner2;
      const length2 = B.distance + new2 - old2 - inner2 + inner1;
      const duration1 = length1 + A.service - service1 + service2;
      const duration2 = length2 + B.service - service2 + service1;
      if (duration1 > maxDuration || duration2 > maxDuration || length1 > maxDistance || length2 > maxDistance) {
        return false;
      }
    }
    const last2 = b > 0 ? e2 : s2 - 1;
    let overload = 0;
    for (let dim = 0; dim < this.instance.dimensions; dim++) {
      const q = capacity[dim];
      const delivered1 = A.cumDelivery[dim][e1] - A.cumDelivery[dim][s1 - 1];
      const picked1 = A.cumPickup[dim][e1] - A.cumPickup[dim][s1 - 1];
      const delivered2 = B.cumDelivery[dim][last2] - B.cumDelivery[dim][s2 - 1];
      const picked2 = B.cumPickup[dim][last2] - B.cumPickup[dim][s2 - 1];
      // the new peak of each route: before the exchanged segment, after it, and inside the segment it receives
      let peakA = Math.max(A.pre[dim][s1 - 1] + delivered2 - delivered1, A.suf[dim][e1] + picked2 - picked1);
      let peakB = Math.max(B.pre[dim][s2 - 1] + delivered1 - delivered2, B.suf[dim][last2] + picked1 - picked2);
      if (!soft && (peakA > q || peakB > q)) {
        return false;
      }
      const loadA = A.load[dim];
      const loadB = B.load[dim];
      let peak1 = -Infinity;
      for (let k = s1; k <= e1; k++) {
        peak1 = Math.max(peak1, loadA[k]);
      }
      peakB = Math.max(peakB, loadB[s2 - 1] + delivered1 - delivered2 + peak1 - loadA[s1 - 1]);
      if (b > 0) {
        let peak2 = -Infinity;
        for (let k = s2; k <= e2; k++) {
          peak2 = Math.max(peak2, loadB[k]);
        }
        peakA = Math.max(peakA, loadA[s1 - 1] + delivered2 - delivered1 + peak2 - loadB[s2 - 1]);
      }
      if (!soft && (peakA > q || peakB > q)) {
        return false;
      }
      overload += overloadOf(peakA, q) + overloadOf(peakB, q);
    }
    if (soft && delta + this.penalty * (overload - A.overload - B.overload) > -EPSILON) {
      return false;
    }
    const bufferA = this.bufferA;
    const bufferB = this.bufferB;
    let countA = 0;
    let countB = 0;
    for (let k = 1; k < s1; k++) bufferA[countA++] = A.seq[k];
    for (let k = s2; k <= e2; k++) bufferA[countA++] = B.seq[k];
    for (let k = e1 + 1; k <= A.len; k++) bufferA[countA++] = A.seq[k];
    for (let k = 1; k < s2; k++) bufferB[countB++] = B.seq[k];
    for (let k = s1; k <= e1; k++) bufferB[countB++] = A.seq[k];
    for (let k = e2 + 1; k <= B.len; k++) bufferB[countB++] = B.seq[k];
    this.rewrite(ra, bufferA, countA);
    this.rewrite(rb, bufferB, countB);
    return true;
  }

  /** A[1..x] + B[y+1..] and B[1..y] + A[x+1..]. */
  private twoOptStar(ra: number, A: Route, x: number, rb: number, B: Route, y: number): boolean {
    if ((x === 0 && y === 0) || (x === A.len && y === B.len)) {
      return false;
    }
    const { distance, size, capacity, maxDuration, maxDistance, maxStops } = this.instance;
    const ax = A.seq[x];
    const an = A.seq[x + 1];
    const by = B.seq[y];
    const bn = B.seq[y + 1];
    const joinA = distance[ax * size + bn];
    const joinB = distance[by * size + an];
    const delta = joinA + joinB - distance[ax * size + an] - distance[by * size + bn];
    const soft = this.penalty < Infinity;
    if (delta > (soft ? this.penalty * (A.overload + B.overload) : 0) - EPSILON) {
      return false;
    }
    if (x + B.len - y > maxStops || y + A.len - x > maxStops) {
      return false;
    }
    if (maxDuration < Infinity || maxDistance < Infinity) {
      const lengthA = A.cumDist[x] + joinA + B.distance - B.cumDist[y + 1];
      const lengthB = B.cumDist[y] + joinB + A.distance - A.cumDist[x + 1];
      const durationA = lengthA + A.cumService[x] + B.service - B.cumService[y];
      const durationB = lengthB + B.cumService[y] + A.service - A.cumService[x];
      if (durationA > maxDuration || durationB > maxDuration || lengthA > maxDistance || lengthB > maxDistance) {
        return false;
      }
    }
    let overload = 0;
    for (let dim = 0; dim < this.instance.dimensions; dim++) {
      const q = capacity[dim];
      const tailDeliveryA = A.cumDelivery[dim][A.len] - A.cumDelivery[dim][x];
      const tailDeliveryB = B.cumDelivery[dim][B.len] - B.cumDelivery[dim][y];
      const headPickupA = A.cumPickup[dim][x];
      const headPickupB = B.cumPickup[dim][y];
      const peakA = Math.max(A.pre[dim][x] - tailDeliveryA + tailDeliveryB, B.suf[dim][y] - headPickupB + headPickupA);
      const peakB = Math.max(B.pre[dim][y] - tailDeliveryB + tailDeliveryA, A.suf[dim][x] - headPickupA + headPickupB);
      if (!soft && (peakA > q || peakB > q)) {
        return false;
      }
      overload += overloadOf(peakA, q) + overloadOf(peakB, q);
    }
    if (soft && delta + this.penalty * (overload - A.overload - B.overload) > -EPSILON) {
      return false;
    }
    let countA = 0;
    let countB = 0;
    for (let k = 1; k <= x; k++) this.bufferA[countA++] = A.seq[k];
    for (let k = y + 1; k <= B.len; k++) this.bufferA[countA++] = B.seq[k];
    for (let k = 1; k <= y; k++) this.bufferB[countB++] = B.seq[k];
    for (let k = x + 1; k <= A.len; k++) this.bufferB[countB++] = A.seq[k];
    this.rewrite(ra, this.bufferA, countA);
    this.rewrite(rb, this.bufferB, countB);
    return true;
  }

  /** Moves the customer at i to just after position j of the same route. */
  private intraRelocate(r: number, i: number, j: number): boolean {
    if (j === i || j === i - 1) {
      return false;
    }
    const route = this.solution.routes[r];
    const { distance, size } = this.instance;
    const seq = route.seq;
    const u = seq[i];
    const before = seq[i - 1];
    const after = seq[i + 1];
    const v = seq[j];
    const next = seq[j + 1];
    const delta =
      distance[before * size + after] -
      distance[before * size + u] -
      distance[u * size + after] +
      distance[v * size + u] +
      distance[u * size + next] -
      distance[v * size + next];
    if (delta > -EPSILON) {
      return false;
    }
    let count = 0;
    const buffer = this.bufferA;
    for (let k = 1; k <= route.len; k++) {
      if (k !== i) {
        buffer[count++] = seq[k];
      }
      if (k === j) {
        buffer[count++] = u;
      }
    }
    return this.rewriteIfBetter(r, buffer, count, delta);
  }

  /** Reverses the route between the customers at i and j so that they become neighbours. */
  private twoOpt(r: number, i: number, j: number): boolean {
    const low = Math.min(i, j);
    const high = Math.max(i, j);
    if (high - low < 2) {
      return false;
    }
    const route = this.solution.routes[r];
    const { distance, size } = this.instance;
    const seq = route.seq;
    const delta =
      distance[seq[low] * size + seq[high]] +
      distance[seq[low + 1] * size + seq[high + 1]] -
      distance[seq[low] * size + seq[low + 1]] -
      distance[seq[high] * size + seq[high + 1]];
    if (delta > -EPSILON) {
      return false;
    }
    let count = 0;
    const buffer = this.bufferA;
    for (let k = 1; k <= low; k++) buffer[count++] = seq[k];
    for (let k = high; k > low; k--) buffer[count++] = seq[k];
    for (let k = high + 1; k <= route.len; k++) buffer[count++] = seq[k];
    return this.rewriteIfBetter(r, buffer, count, delta);
  }

  /**
   * Rewrites route r as the order in buffer (its customers reordered, `delta` shorter) if its loads fit, or with a
   * finite penalty if the distance and overload together improve. Only a shorter order is tried: judging every
   * reorder of an overloaded route by a walk along it took 40 % of the search's time (a 400-customer instance).
   */
  private rewriteIfBetter(r: number, buffer: Int32Array, count: number, delta: number): boolean {
    const { delivery, pickup, capacity } = this.instance;
    const soft = this.penalty < Infinity;
    let overload = 0;
    for (let dim = 0; dim < this.instance.dimensions; dim++) {
      let load = 0;
      for (let k = 0; k < count; k++) {
        load += delivery[dim][buffer[k]];
      }
      let peak = load;
      for (let k = 0; k < count; k++) {
        load += pickup[dim][buffer[k]] - delivery[dim][buffer[k]];
        if (load > capacity[dim] && !soft) {
          return false;
        }
        peak = Math.max(peak, load);
      }
      overload += overloadOf(peak, capacity[dim]);
    }
    if (soft && delta + this.penalty * (overload - this.solution.routes[r].overload) > -EPSILON) {
      return false;
    }
    this.rewrite(r, buffer, count);
    return true;
  }

  private rewrite(r: number, buffer: Int32Array, count: number): void {
    const route = this.solution.routes[r];
    this.modifiedAt[r] = ++this.clock;
    route.assign(this.instance, buffer, count);
    this.index(r);
  }
}

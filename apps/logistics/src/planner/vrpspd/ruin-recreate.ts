import { VrpspdInstance } from './instance';
import { Random } from './random';
import { overloadOf, Route } from './route';
import { Solution } from './solution';

export interface RuinRecreateSettings {
  /** Average number of customers removed (SISR's c̄). */
  averageRemoved: number;
  /** Longest string removed from one route (SISR's L^max). */
  maxString: number;
  /** Probability of a split string instead of a plain one. */
  splitRate: number;
  /** Probability of passing over an insertion position (SISR's blinks). */
  blinkRate: number;
  /** Probability that a step empties the lightest route instead of removing strings. */
  routeRemovalRate: number;
}

/** Nearest customers whose routes are tried first when a removed customer is put back. */
const NEAR_ROUTES_SCAN = 20;

export const DEFAULT_RUIN_RECREATE: RuinRecreateSettings = {
  averageRemoved: 10,
  maxString: 10,
  splitRate: 0.5,
  blinkRate: 0.01,
  routeRemovalRate: 0.03,
};

/**
 * Slack induction by string removals (Christiaens & Vanden Berghe, 2020): remove strings of consecutive customers
 * from routes near a random seed customer, then put the removed customers back one by one at their cheapest
 * feasible position, skipping positions now and then (blinks), in a randomly chosen order. Now and then
 * ({@link RuinRecreateSettings.routeRemovalRate}) a step empties the lightest route instead: string removals alone
 * rarely take a plan down by a route (CMT11, four routes in the best plan, stayed at five and 9–11 % off).
 */
export class RuinRecreate {
  private readonly routeOf: Int32Array;
  private readonly posOf: Int32Array;
  /** Per route slot, the content (Route.version) that routeOf and posOf reflect; −1 when they may not. */
  private readonly indexed: number[] = [];
  private readonly ruined: Int32Array;
  /** The customers the last step removed and put back, the first removedCount of them. */
  readonly removed: Int32Array;
  private readonly keep: Int32Array;
  private readonly sortKey: Float64Array;
  private readonly buffer: Int32Array;
  removedCount = 0;
  /** Whether the last ruin emptied a route (then recreate opens no route that it can avoid, penalty or not). */
  private routeRemoved = false;
  private foundDelta = 0;
  private epoch = 0;
  /**
   * What a unit of overload costs (as LocalSearch.penalty); Infinity: a customer goes only where the load fits.
   * With a finite penalty it goes where distance and penalty together grow least, or on a route of its own when
   * that is cheaper — except after a route was emptied, whose customers then go to the other routes, overloading
   * them if need be (on CMT11X a walk otherwise stayed at five routes, 7.6 % off, in 1 of 28 runs).
   */
  penalty = Infinity;

  constructor(
    private readonly instance: VrpspdInstance,
    /** For each customer, every other customer nearest first (size × (size − 1)). */
    private readonly adjacency: Int32Array,
    private readonly random: Random,
    private readonly settings: RuinRecreateSettings = DEFAULT_RUIN_RECREATE,
  ) {
    const { size } = instance;
    this.routeOf = new Int32Array(size);
    this.posOf = new Int32Array(size);
    this.ruined = new Int32Array(size + 1);
    this.routeOf.fill(-1);
    this.removed = new Int32Array(size);
    this.keep = new Int32Array(size + 2);
    this.sortKey = new Float64Array(size);
    this.buffer = new Int32Array(size + 2);
  }

  /** Ruins and recreates solution in place; routes emptied stay in place (empty) so that slots keep their index. */
  apply(solution: Solution): void {
    this.ruin(solution);
    this.recreate(solution);
  }

  private ruin(solution: Solution): void {
    const { size } = this.instance;
    const { routes } = solution;
    const random = this.random;
    let customers = 0;
    let used = 0;
    // only slots whose content changed since they were indexed: every customer that moved is in one of them
    for (let r = 0; r < routes.length; r++) {
      const route = routes[r];
      if (this.indexed[r] !== route.version) {
        for (let k = 1; k <= route.len; k++) {
          this.routeOf[route.seq[k]] = r;
          this.posOf[route.seq[k]] = k;
        }
        this.indexed[r] = route.version;
      }
      customers += route.len;
      used += route.len > 0 ? 1 : 0;
    }
    this.removedCount = 0;
    this.routeRemoved = false;
    if (customers === 0) {
      return;
    }
    const { averageRemoved, maxString, splitRate, routeRemovalRate } = this.settings;
    if (used > 1 && random.next() < routeRemovalRate) {
      this.removeLightestRoute(solution);
      this.routeRemoved = true;
      return;
    }
    const averageLength = customers / Math.max(1, used);
    const stringMax = Math.min(maxString, averageLength);
    const stringsMax = (4 * averageRemoved) / (1 + stringMax) - 1;
    const strings = Math.floor(random.next() * stringsMax) + 1;
    const seed = 1 + random.below(size - 1);
    this.epoch++;
    let done = 0;
    for (let index = -1; index < size - 2 && done < strings; index++) {
      const customer = index < 0 ? seed : this.adjacency[seed * (size - 1) + index];
      const r = this.routeOf[customer];
      if (r < 0 || this.ruined[r] === this.epoch) {
        continue;
      }
      this.ruined[r] = this.epoch;
      this.indexed[r] = -1;
      done++;
      const route = solution.routes[r];
      const len = route.len;
      const lengthMax = Math.min(len, stringMax);
      const length = Math.floor(random.next() * lengthMax) + 1;
      const position = this.posOf[customer];
      if (random.next() >= splitRate || length >= len) {
        const first = clampStart(position, length, len, random);
        this.cut(route, first, length, 0, 0);
      } else {
        let kept = 1;
        while (length + kept < len && random.next() < 0.5) {
          kept++;
        }
        const span = length + kept;
        const first = clampStart(position, span, len, random);
        const keptAt = first + random.below(length + 1);
        this.cut(route, first, span, keptAt, kept);
      }
    }
  }

  /**
   * Empties the route that carries least (its larger share of capacity, delivered or picked up, in any dimension):
   * the route whose customers the others are likeliest to absorb, so that the plan needs one route fewer.
   */
  private removeLightestRoute(solution: Solution): void {
    const { capacity, dimensions } = this.instance;
    let lightest = -1;
    let least = Infinity;
    for (let r = 0; r < solution.routes.length; r++) {
      const route = solution.routes[r];
      if (route.len === 0) {
        continue;
      }
      let share = 0;
      for (let dim = 0; dim < dimensions; dim++) {
        share = Math.max(share, route.delivered(dim) / capacity[dim], route.picked(dim) / capacity[dim]);
      }
      if (share < least) {
        least = share;
        lightest = r;
      }
    }
    const route = solution.routes[lightest];
    this.indexed[lightest] = -1;
    this.cut(route, 1, route.len, 0, 0);
  }

  /** Removes positions first..first+span−1 except the `kept` positions from keptAt on. */
  private cut(route: Route, first: number, span: number, keptAt: number, kept: number): void {
    let count = 0;
    for (let k = 1; k <= route.len; k++) {
      const customer = route.seq[k];
      const inSpan = k >= first && k < first + span;
      const spared = kept > 0 && k >= keptAt && k < keptAt + kept;
      if (inSpan && !spared) {
        this.removed[this.removedCount++] = customer;
        this.routeOf[customer] = -1;
      } else {
        this.keep[count++] = customer;
      }
    }
    route.assign(this.instance, this.keep, count);
  }

  private recreate(solution: Solution): void {
    const instance = this.instance;
    const random = this.random;
    const { distance, size, delivery, pickup, capacity } = instance;
    const count = this.removedCount;
    const order = this.removed;
    const key = this.sortKey;
    const choice = random.next() * 11;
    for (let index = 0; index < count; index++) {
      const customer = order[index];
      key[customer] =
        choice < 4
          ? random.next()
          : choice < 8
            ? -Math.max(delivery[0][customer], pickup[0][customer]) / Math.max(1e-12, capacity[0])
            : choice < 10
              ? -distance[customer]
              : distance[customer];
    }
    // a stable insertion sort in place: a handful of customers, and no array allocated per iteration
    for (let index = 1; index < count; index++) {
      const customer = order[index];
      const value = key[customer];
      let at = index - 1;
      while (at >= 0 && key[order[at]] > value) {
        order[at + 1] = order[at];
        at--;
      }
      order[at + 1] = customer;
    }
    const others = size - 1;
    const near = Math.min(NEAR_ROUTES_SCAN, others - 1);
    for (let index = 0; index < count; index++) {
      const customer = order[index];
      // the routes of the customer's nearest neighbours first; every route only when none of them can take it
      this.epoch++;
      const alone = distance[customer] + distance[customer * size];
      let bestDelta = this.penalty < Infinity && !this.routeRemoved ? alone : Infinity;
      let bestRoute = -1;
      let bestPosition = -1;
      for (let index = 0; index < near; index++) {
        const r = this.routeOf[this.adjacency[customer * others + index]];
        if (r < 0 || this.ruined[r] === this.epoch) {
          continue;
        }
        this.ruined[r] = this.epoch;
        const found = this.bestIn(solution.routes[r], customer, bestDelta);
        if (found >= 0) {
          bestDelta = this.foundDelta;
          bestRoute = r;
          bestPosition = found;
        }
      }
      if (bestRoute < 0) {
        for (let r = 0; r < solution.routes.length; r++) {
          if (this.ruined[r] === this.epoch) {
            continue;
          }
          const found = this.bestIn(solution.routes[r], customer, bestDelta);
          if (found >= 0) {
            bestDelta = this.foundDelta;
            bestRoute = r;
            bestPosition = found;
          }
        }
      }
      if (bestRoute < 0) {
        this.buffer[0] = customer;
        solution.addRoute(this.buffer, 1);
        this.routeOf[customer] = solution.routes.length - 1;
        this.indexed[solution.routes.length - 1] = -1;
      } else {
        solution.routes[bestRoute].insertAfter(instance, bestPosition, customer);
        this.routeOf[customer] = bestRoute;
        this.indexed[bestRoute] = -1;
      }
    }
  }

  /** The cheapest feasible position in route (after which to insert) below bestDelta, or −1; its cost in foundDelta. */
  private bestIn(route: Route, customer: number, bestDelta: number): number {
    const { distance, size, delivery, pickup, service, capacity, maxDuration, maxDistance, maxStops } = this.instance;
    const len = route.len;
    if (len + 1 > maxStops || len === 0) {
      return -1;
    }
    const budget = Math.min(
      maxDuration - route.distance - route.service - service[customer],
      maxDistance - route.distance,
    );
    if (budget < 0) {
      return -1;
    }
    const row = customer * size;
    const seq = route.seq;
    const cumDist = route.cumDist;
    const pre0 = route.pre[0];
    const suf0 = route.suf[0];
    const pre1 = route.pre[1];
    const suf1 = route.suf[1];
    const d0 = delivery[0][customer];
    const p0 = pickup[0][customer];
    const d1 = delivery[1][customer];
    const p1 = pickup[1][customer];
    const q0 = capacity[0] - d0;
    const r0 = capacity[0] - p0;
    const q1 = capacity[1] - d1;
    const r1 = capacity[1] - p1;
    const twoDimensions = this.instance.dimensions > 1;
    const blink = this.settings.blinkRate;
    const penalty = this.penalty;
    const soft = penalty < Infinity;
    let found = -1;
    // the edge a→b is read from the route's cumulative distances: one random read of the matrix fewer
    let from = distance[row];
    for (let k = 0; k <= len; k++) {
      const to = distance[row + seq[k + 1]];
      let delta = from + to - (cumDist[k + 1] - cumDist[k]);
      from = to;
      if (delta >= bestDelta || delta > budget) {
        continue;
      }
      const fits = pre0[k] <= q0 && suf0[k] <= r0 && (!twoDimensions || (pre1[k] <= q1 && suf1[k] <= r1));
      if (soft && !fits) {
        // an insertion only adds load, so the penalty can only grow: the distance alone already had to be better
        let overload = overloadOf(Math.max(pre0[k] + d0, suf0[k] + p0), capacity[0]);
        if (twoDimensions) {
          overload += overloadOf(Math.max(pre1[k] + d1, suf1[k] + p1), capacity[1]);
        }
        delta += penalty * (overload - route.overload);
        if (delta >= bestDelta) {
          continue;
        }
      } else if (!fits) {
        continue;
      }
      if (blink > 0 && this.random.next() < blink) {
        continue;
      }
      bestDelta = delta;
      found = k;
    }
    this.foundDelta = bestDelta;
    return found;
  }
}

function clampStart(position: number, span: number, len: number, random: Random): number {
  const low = Math.max(1, position - span + 1);
  const high = Math.min(position, len - span + 1);
  return low + random.below(high - low + 1);
}

import { VrpspdInstance } from './instance';
import { Route } from './route';

/** Routes of a solution, drawn from a pool of its own so that copying and changing allocate nothing. */
export class Solution {
  routes: Route[] = [];
  private readonly spare: Route[] = [];

  constructor(private readonly instance: VrpspdInstance) {}

  get cost(): number {
    let total = 0;
    for (const route of this.routes) {
      total += route.distance;
    }
    return total;
  }

  /** The routes' overloads summed (0 when every route fits its capacity). */
  get overload(): number {
    let total = 0;
    for (const route of this.routes) {
      total += route.overload;
    }
    return total;
  }

  /** The cost with every unit of overload charged at penalty. */
  penalisedCost(penalty: number): number {
    const overload = this.overload;
    return overload > 0 ? this.cost + penalty * overload : this.cost;
  }

  copyFrom(other: Solution): void {
    while (this.routes.length > other.routes.length) {
      this.spare.push(this.routes.pop()!);
    }
    while (this.routes.length < other.routes.length) {
      this.routes.push(this.take());
    }
    for (let index = 0; index < other.routes.length; index++) {
      this.routes[index].copyFrom(other.routes[index], this.instance.dimensions);
    }
  }

  /**
   * Becomes a copy of source again after one of the two changed: only the routes marked dirty in `changed` (this
   * solution or source) are copied, so an iteration that touched three routes copies three. Clears the marks.
   */
  syncFrom(source: Solution, changed: Solution): void {
    const routes = this.routes;
    while (routes.length > source.routes.length) {
      this.spare.push(routes.pop()!);
    }
    for (let index = 0; index < source.routes.length; index++) {
      if (index >= routes.length) {
        routes.push(this.take());
        routes[index].copyFrom(source.routes[index], this.instance.dimensions);
      } else if (changed.routes[index]?.dirty) {
        routes[index].copyFrom(source.routes[index], this.instance.dimensions);
      }
    }
    this.clearMarks();
    source.clearMarks();
  }

  emptyRoutes(): number {
    let count = 0;
    for (const route of this.routes) {
      if (route.len === 0) count++;
    }
    return count;
  }

  addRoute(customers: ArrayLike<number>, count = customers.length): Route {
    const route = this.take();
    route.assign(this.instance, customers, count);
    this.routes.push(route);
    return route;
  }

  dropEmpty(): void {
    let kept = 0;
    for (const route of this.routes) {
      if (route.len > 0) {
        this.routes[kept++] = route;
      } else {
        this.spare.push(route);
      }
    }
    this.routes.length = kept;
  }

  clearMarks(): void {
    for (const route of this.routes) {
      route.dirty = false;
    }
  }

  customersOf(): number[][] {
    return this.routes.filter((route) => route.len > 0).map((route) => route.customers());
  }

  private take(): Route {
    return this.spare.pop() ?? new Route(this.instance.size + 2);
  }
}

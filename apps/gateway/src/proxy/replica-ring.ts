/**
 * The API replicas of one service, taken in turn (round-robin). A replica that refused a connection (killed,
 * restarting, not deployed) is passed over for `pauseMs`, so that one dead replica costs its callers a handful of
 * 503s instead of every other request until it is back; when every replica is paused the next is tried anyway.
 */
export class ReplicaRing {
  private turn = 0;
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    readonly urls: readonly string[],
    private readonly pauseMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  next(): string {
    for (let tried = 0; tried < this.urls.length; tried++) {
      const url = this.urls[this.turn++ % this.urls.length];
      if ((this.pausedUntil.get(url) ?? 0) <= this.now()) {
        return url;
      }
    }
    return this.urls[this.turn++ % this.urls.length];
  }

  /** The replica at `url` could not be reached: pass it over for a while. */
  unreachable(url: string): void {
    this.pausedUntil.set(url, this.now() + this.pauseMs);
  }
}

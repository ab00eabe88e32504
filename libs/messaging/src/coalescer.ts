interface Pending<T> {
  items: T[];
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
  /** When the batch may be written (its first item's arrival plus the hold), in `performance.now()` time. */
  due: number;
}

export interface CoalescerOptions {
  /**
   * How long the first item of a batch waits for others before the write (0: not at all). For a write whose
   * outcome nobody waits on (the relay's marks): fewer, larger writes, each item late by at most this much.
   */
  holdMs?: number;
}

/**
 * Group commit for a write that takes a list (the relay's "mark these rows published"): items added while a write
 * is in flight wait and all go together in the next write, as soon as it finishes; at most one write is in flight at
 * a time. Without a hold, the first items go at once, alone, and nothing is held back to fill a batch; with
 * `holdMs`, a batch is written no earlier than that long after its first item arrived (at once while someone
 * waits for {@link idle}).
 */
export class Coalescer<T> {
  private next?: Pending<T>;
  private inFlight?: Promise<void>;
  private timer?: NodeJS.Timeout;
  /** Callers in {@link hurry} (and so in {@link idle}): while there are any, nothing is held. */
  private hurrying = 0;
  private readonly holdMs: number;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    { holdMs = 0 }: CoalescerOptions = {},
  ) {
    this.holdMs = holdMs;
  }

  /** Resolves once a write that included `items` has finished; rejects with that write's error. */
  add(items: T[]): Promise<void> {
    if (!this.next) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((ok, fail) => {
        resolve = ok;
        reject = fail;
      });
      done.catch(() => undefined); // a caller that does not wait for the outcome must not leave it unhandled
      this.next = { items: [], done, resolve, reject, due: performance.now() + this.holdMs };
    }
    this.next.items.push(...items);
    const { done } = this.next;
    if (!this.inFlight) {
      this.flush();
    }
    return done;
  }

  /** Resolves when nothing is waiting or being written; what is held meanwhile is written at once. */
  idle(): Promise<void> {
    return this.hurry(async () => {
      while (this.inFlight) {
        await this.inFlight;
      }
    });
  }

  /** Runs `work` with nothing held: what waits, and what is added until `work` ends, is written at once. */
  async hurry<R>(work: () => Promise<R>): Promise<R> {
    this.hurrying += 1;
    try {
      this.flush();
      return await work();
    } finally {
      this.hurrying -= 1;
    }
  }

  private flush(): void {
    const batch = this.next;
    if (!batch || this.inFlight) {
      return;
    }
    const wait = this.hurrying > 0 ? 0 : batch.due - performance.now();
    if (wait > 0) {
      // unref'd: a process that ends meanwhile does not wait for it (the items stay unwritten, as if the write failed)
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait).unref();
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.next = undefined;
    this.inFlight = Promise.resolve()
      .then(() => this.write(batch.items))
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.inFlight = undefined;
        this.flush();
      });
  }
}

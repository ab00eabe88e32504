interface Pending<T> {
  items: T[];
  done: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for a write that takes a list (the relay's "mark these rows published"): when no write is in flight
 * the items go at once, alone; items added while one is in flight wait and all go together in the next write, as
 * soon as it finishes. Nothing is held back to fill a batch, and at most one write is in flight at a time.
 */
export class Coalescer<T> {
  private next?: Pending<T>;
  private inFlight?: Promise<void>;

  constructor(private readonly write: (items: T[]) => Promise<void>) {}

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
      this.next = { items: [], done, resolve, reject };
    }
    this.next.items.push(...items);
    const { done } = this.next;
    if (!this.inFlight) {
      this.flush();
    }
    return done;
  }

  /** Resolves when nothing is waiting or being written. */
  async idle(): Promise<void> {
    while (this.inFlight) {
      await this.inFlight;
    }
  }

  private flush(): void {
    const batch = this.next;
    if (!batch) {
      return;
    }
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

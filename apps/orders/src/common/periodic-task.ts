import type { Logger } from 'pino';

/**
 * Runs `work` every `intervalMs`, never two at once within the process; a failure is logged (at most every
 * few seconds) and the next round tries again. `nudge()` asks for a round now.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private lastFailureLog = 0;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.nudge(), this.intervalMs);
    this.timer.unref();
  }

  nudge(): void {
    if (this.stopped) {
      return;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** One round now, awaited (tests and shutdown use it). */
  async runOnce(): Promise<void> {
    try {
      await this.work();
    } catch (error) {
      const now = Date.now();
      if (now - this.lastFailureLog > 5000) {
        this.lastFailureLog = now;
        this.logger.warn({ task: this.name, err: (error as Error).message }, 'periodic task failed; will retry');
      }
    }
  }

  /** Resolves once no round is running or asked for (tests wait for the rounds a commit nudged). */
  async idle(): Promise<void> {
    while (this.running) {
      await this.running;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}

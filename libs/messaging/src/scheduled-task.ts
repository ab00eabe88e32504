import type { Logger } from 'pino';

/**
 * One kind of recurring work (a sweep, a runner) as this process sees it. Its rounds come from two places: the
 * service's job scheduler (`TaskScheduler`: once per period across every replica) and `nudge()`, the fast path a
 * service takes after committing something the task should handle now. Within the process two rounds never overlap;
 * a failure is logged (at most every few seconds) and the next round tries again.
 */
export class ScheduledTask {
  private running?: Promise<void>;
  private again = false;
  private paused = false;
  private lastFailureLog = 0;

  constructor(
    readonly name: string,
    /** The period of the scheduled rounds; 0 schedules none (nudges and `runOnce` still run). */
    readonly everyMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
    /** Told the outcome of every round (the scheduler counts them in /metrics). */
    private readonly counted: (outcome: 'ok' | 'failed') => void = () => undefined,
  ) {}

  /** Takes rounds again after `stop()`. */
  start(): void {
    this.paused = false;
  }

  /** Asks for a round now in this process; coalesces with one already running. */
  nudge(): void {
    if (this.paused) {
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

  /** A scheduled round: run now (after the round in progress, if any) and resolve when it is done. */
  async scheduledRound(): Promise<void> {
    this.nudge();
    await this.idle();
  }

  /** One round now, awaited (tests use it). */
  async runOnce(): Promise<void> {
    try {
      await this.work();
      this.counted('ok');
    } catch (error) {
      this.counted('failed');
      const now = Date.now();
      if (now - this.lastFailureLog > 5000) {
        this.lastFailureLog = now;
        this.logger.warn({ task: this.name, err: (error as Error).message }, 'scheduled task failed; will retry');
      }
    }
  }

  /** Resolves once no round is running or asked for (tests wait for the rounds a commit nudged). */
  async idle(): Promise<void> {
    while (this.running) {
      await this.running;
    }
  }

  /** Takes no more rounds in this process (scheduled or nudged) and waits for the one running. */
  async stop(): Promise<void> {
    this.paused = true;
    await this.idle();
  }
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/*
 * A booting service allocates fast (every module's code and metadata, Nest's container, TypeORM's entities), and V8
 * answers by doubling its young generation up to 2 × 16 MB, which then stays committed long after boot: ~30 MB of
 * an idle service's resident memory until V8's memory reducer gives it back, 30 s or more later (docs/performance.md,
 * "A small young generation while a service boots"). So a service started from its bundle keeps the young generation at its initial
 * size while it boots — the bundle entry's first statement, before any module loads, sets V8's growth factor to 1
 * (scripts/bundle.mjs runs BOOT_YOUNG_GENERATION) — and once it serves, `listen()` calls `settleHeapAfterBoot()`:
 * V8's default factor again, so that under load the young generation grows as it always did and requests pay
 * nothing for it, and one full collection a second later, which frees what the small young generation promoted
 * early (boot's short-lived objects). A growth factor given on the command line is left alone. V8 reads the factor
 * each time it would grow the young generation, so changing it at run time takes effect at the next scavenge.
 * Services started otherwise (the tests, in-process) are left as they are.
 */

const FLAG = '--semi-space-growth-factor';
/** V8's own default. */
const DEFAULT_FACTOR = 2;
/** Set by BOOT_YOUNG_GENERATION: this process booted with a small young generation. */
const BOOTED_SMALL = 'countyflow.bootedWithSmallYoungGeneration';
/** The collection after boot, this long after the service listens (what boot still does after it is left). */
const SETTLE_AFTER_MS = 1000;

/** The statement the bundle's entry runs first (plain JavaScript, ASCII, one line). */
export const BOOT_YOUNG_GENERATION =
  `if(!process.execArgv.some(a=>a.startsWith('${FLAG}'))){` +
  `require('node:v8').setFlagsFromString('${FLAG}=1');globalThis[Symbol.for('${BOOTED_SMALL}')]=true;}`;

/**
 * After boot (a process whose bundle ran BOOT_YOUNG_GENERATION): the young generation grows as the load asks again,
 * and one full collection follows. Returns whether there was anything to do.
 */
export function settleHeapAfterBoot(): boolean {
  const marker = Symbol.for(BOOTED_SMALL);
  const globals = globalThis as unknown as Record<symbol, unknown>;
  if (!globals[marker]) {
    return false;
  }
  delete globals[marker];
  setFlagsFromString(`${FLAG}=${DEFAULT_FACTOR}`);
  // `gc` exists only in contexts made after --expose-gc is set; this one is made for the call and dropped
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setTimeout(() => gc(), SETTLE_AFTER_MS).unref();
  return true;
}

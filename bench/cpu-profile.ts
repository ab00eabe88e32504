/*
 * Summarises V8 CPU profiles (`--cpu-prof`, e.g. from `BENCH_PLATFORM_NODE_ARGS="--cpu-prof --cpu-prof-dir=…"`):
 * where a process's busy time went, by package (node_modules/<name>, the app's own code, Node's internals, GC) and
 * by function, counting each sample once where it ran (self time). Idle time is left out of the shares.
 *
 *   node dist/bench/cpu-profile.js <file.cpuprofile>…
 */
import { readFileSync } from 'node:fs';
import { constants, PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a frame belongs to: node_modules/<name>, `app` for the repository's own code, or V8/Node's own. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  if (url.includes('/dist/')) return 'app';
  return url;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  byPackage: { name: string; ms: number; share: number }[];
  /** Busy time with the package anywhere on the stack (what calling into it cost, its callees included). */
  inclusive: { name: string; ms: number; share: number }[];
  byFunction: { name: string; ms: number; share: number }[];
}

export function summarise(profile: CpuProfile, top = 15): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    busy += ms;
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const { url, functionName } = nodes.get(at)!.callFrame;
      if (url || !functionName.startsWith('(')) onStack.add(packageOf(url, functionName));
    }
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    const name = packageOf(frame.url, frame.functionName);
    packages.set(name, (packages.get(name) ?? 0) + ms);
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '')}:${frame.lineNumber + 1}` : '';
    const fn = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  });
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / busy) * 1000) / 10 }));
  return {
    busyMs: Math.round(busy),
    idleMs: Math.round(idle),
    byPackage: ranked(packages),
    inclusive: ranked(inclusive),
    byFunction: ranked(functions),
  };
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    const summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    console.log(`\n${file}: busy ${summary.busyMs} ms, idle ${summary.idleMs} ms`);
    console.log('by package (self time, % of busy):');
    for (const row of summary.byPackage) console.log(`  ${row.share}%\t${row.ms} ms\t${row.name}`);
    console.log('on the stack (inclusive, % of busy):');
    for (const row of summary.inclusive) console.log(`  ${row.share}%\t${row.ms} ms\t${row.name}`);
    console.log('by function:');
    for (const row of summary.byFunction) console.log(`  ${row.share}%\t${row.ms} ms\t${row.name}`);
  }
}

/** Garbage collection's pauses (ms) by kind (major, minor, other) from now until `disconnect()`. */
export function observeGcPauses(): { pauses: Map<string, number[]>; disconnect: () => void } {
  const pauses = new Map<string, number[]>();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      const name =
        kind === constants.NODE_PERFORMANCE_GC_MAJOR
          ? 'major'
          : kind === constants.NODE_PERFORMANCE_GC_MINOR
            ? 'minor'
            : 'other';
      pauses.set(name, [...(pauses.get(name) ?? []), entry.duration]);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return { pauses, disconnect: () => observer.disconnect() };
}

/*
 * The memory engine alone, without the app: loads the index of a database the province suite kept (all of it, or
 * its first N documents by listing id — a random sample), then runs the bench's query mix through SearchService
 * (plan, engine, highlighting; no HTTP), and prints per kind the CPU time of the engine and of the whole call.
 * Loads once and measures several rounds, so two versions of the engine can be compared on the same machine state.
 *
 * With --vs=DIR (another build's dist/, e.g. main's), the same index is searched by that build's engine too, query by
 * query in turn (which goes first alternating), so that the two are compared under the same load and heap.
 *
 *   node dist/bench/search-engine-loop.js [database] [documents|all] [searches] [rounds] [--profile] [--vs=DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import 'reflect-metadata';
import { MemorySearchEngine } from '../apps/catalog/src/search/memory-search.engine';
import { SearchService } from '../apps/catalog/src/search/search.service';
import { PLATFORM_SYNONYMS } from '../apps/catalog/src/search/synonyms';
import { databaseUrl, percentiles, searchMix } from './catalog';
import { observeGcPauses, summarise } from './cpu-profile';
import { provinceCounties } from './province';

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const database = args[0] ?? 'countyflow_bench_province';
  const wanted = args[1] === undefined || args[1] === 'all' ? Infinity : Number(args[1]);
  const count = Number(args[2] ?? 1200);
  const rounds = Number(args[3] ?? 1);
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({
    connectionString: databaseUrl(serverUrl, database),
    options: '-c search_path=catalog,public',
  });
  await client.connect();
  let loaded = 0;
  const query = async (sql: string, params?: unknown[]) => {
    if (sql.includes('listing_id > $1') && loaded >= wanted) {
      return [];
    }
    const rows = (await client.query(sql, params)).rows as unknown[];
    if (sql.includes('listing_id > $1')) {
      loaded += rows.length;
    }
    return rows;
  };
  const quiet = () => undefined;
  const engine = new MemorySearchEngine(
    { manager: { query } } as never,
    null as never,
    null as never,
    { searchEngine: 'memory' } as never,
    null as never,
    { info: quiet, warn: quiet, error: quiet } as never,
  );
  const loadStarted = Date.now();
  await engine.reload();
  console.log(JSON.stringify({ loadMs: Date.now() - loadStarted, loadAverage: loadavg()[0], ...engine.stats() }));
  await client.end();
  const synonyms = { lookup: () => Promise.resolve((word: string) => PLATFORM_SYNONYMS[word] ?? []) };
  const vs = process.argv.find((arg) => arg.startsWith('--vs='))?.slice(5);
  const builds: { name: string; engine: MemorySearchEngine; service: SearchService }[] = [
    { name: 'this', engine, service: new SearchService(engine, synonyms as never) },
  ];
  if (vs) {
    const dir = resolve(vs, 'apps/catalog/src/search');
    /* eslint-disable @typescript-eslint/no-require-imports */
    const other = require(join(dir, 'memory-search.engine.js')) as { MemorySearchEngine: typeof MemorySearchEngine };
    const otherService = require(join(dir, 'search.service.js')) as { SearchService: typeof SearchService };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const otherEngine = new other.MemorySearchEngine(
      null as never,
      null as never,
      null as never,
      { searchEngine: 'memory' } as never,
      null as never,
      null as never,
    );
    // the same documents: the other engine searches this index
    (otherEngine as unknown as { index: unknown }).index = (engine as unknown as { index: unknown }).index;
    builds.push({
      name: 'vs',
      engine: otherEngine,
      service: new otherService.SearchService(otherEngine, synonyms as never),
    });
  }
  let engineCpu = 0;
  for (const build of builds) {
    const search = build.engine.search.bind(build.engine);
    build.engine.search = (request) => {
      const cpu = process.cpuUsage();
      const page = search(request);
      const used = process.cpuUsage(cpu);
      engineCpu += (used.user + used.system) / 1000;
      return page;
    };
  }
  const counties = provinceCounties(100);
  const run = async (service: SearchService, raw: Record<string, string>) => {
    engineCpu = 0;
    const dto = {
      ...raw,
      minPriceFen: raw.minPriceFen === undefined ? undefined : Number(raw.minPriceFen),
      maxPriceFen: raw.maxPriceFen === undefined ? undefined : Number(raw.maxPriceFen),
      certification: raw.certification === undefined ? undefined : [raw.certification],
    };
    const cpu = process.cpuUsage();
    const wall = process.hrtime.bigint();
    const body = await service.find(dto as never);
    const used = process.cpuUsage(cpu);
    return {
      total: (used.user + used.system) / 1000,
      wall: Number(process.hrtime.bigint() - wall) / 1e6,
      engine: engineCpu,
      body,
    };
  };
  for (const { query: raw } of searchMix(200, counties)) {
    for (const build of builds) {
      await run(build.service, raw);
    }
  }
  const profile = process.argv.includes('--profile');
  const session = new Session();
  if (profile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const gc = observeGcPauses();
  const pauses = gc.pauses;
  // --only=KIND: that kind of query alone (for a profile of it)
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice(7);
  const mix = searchMix(count, counties).filter(({ kind }) => !only || kind === only);
  // --by-query: the engine's CPU time per distinct query (median), slowest first
  const byQuery = process.argv.includes('--by-query') ? new Map<string, number[]>() : undefined;
  for (let round = 0; round < rounds; round++) {
    type Samples = Map<string, { total: number[]; wall: number[]; engine: number[] }>;
    const samples = new Map<string, Samples>(builds.map(({ name }) => [name, new Map()]));
    const record = (build: string, kind: string, timed: { total: number; wall: number; engine: number }) => {
      for (const name of [kind, '(all)']) {
        const entry = samples.get(build)!.get(name) ?? { total: [], wall: [], engine: [] };
        entry.total.push(timed.total);
        entry.wall.push(timed.wall);
        entry.engine.push(timed.engine);
        samples.get(build)!.set(name, entry);
      }
    };
    const load = loadavg()[0];
    for (const [index, { kind, query: raw }] of mix.entries()) {
      for (const build of index % 2 === 0 ? builds : [...builds].reverse()) {
        const timed = await run(build.service, raw);
        record(build.name, kind, timed);
        if (byQuery) {
          const key = `${build.name} ${kind} ${JSON.stringify(raw)} total=${timed.body.facets?.total ?? '-'}`;
          byQuery.set(key, [...(byQuery.get(key) ?? []), timed.engine]);
        }
        if (timed.body.nextCursor && index % 6 === 0) {
          record(build.name, 'next page (cursor)', await run(build.service, { ...raw, cursor: timed.body.nextCursor }));
        }
      }
    }
    console.log(`round ${round}: load ${load} → ${loadavg()[0]} (cpu ms p50 / p95 / p99 / max)`);
    const line = (values: number[]) => {
      const p = percentiles(values);
      return `${p.p50Ms} / ${p.p95Ms} / ${p.p99Ms} / ${p.maxMs}`.padEnd(26);
    };
    for (const [build, kinds] of samples) {
      for (const [kind, entry] of [...kinds].sort()) {
        console.log(
          `${build.padEnd(5)} ${kind.padEnd(28)} n=${String(entry.total.length).padEnd(5)} cpu ${line(entry.total)} engine ${line(entry.engine)} wall ${line(entry.wall)}`,
        );
      }
    }
  }
  gc.disconnect();
  const median = (values: number[]) => percentiles(values).p50Ms;
  for (const [key, values] of [...(byQuery ?? [])].sort((a, b) => median(b[1]) - median(a[1])).slice(0, 60)) {
    console.log(`${median(values)} ms (n=${values.length}) ${key}`);
  }
  for (const [kind, durations] of pauses) {
    const sum = durations.reduce((total, duration) => total + duration, 0);
    const p = percentiles(durations);
    console.log(
      `gc ${kind}: ${durations.length} pauses, ${Math.round(sum)} ms in all, p99 / max ${p.p99Ms} / ${p.maxMs} ms`,
    );
  }
  if (profile) {
    const { profile: cpu } = await session.post('Profiler.stop');
    mkdirSync('/tmp/search-bench', { recursive: true });
    writeFileSync('/tmp/search-bench/engine.cpuprofile', JSON.stringify(cpu));
    console.log(JSON.stringify(summarise(cpu as never, 30), null, 1));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

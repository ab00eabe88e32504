/*
 * Where a memory search's time goes, per kind of query of the bench's mix, on a database the province suite kept:
 * boots the catalog app with SEARCH_ENGINE=memory on it, then for every query times the whole request
 * (`fastify.inject`) and the engine's search (`MemorySearchEngine.search`, the page's summaries included: they come
 * from the index), the rest being the HTTP pipeline, the query's plan and the highlighting, and optionally takes a V8
 * CPU profile of the searches.
 *
 *   node dist/bench/search-profile.js [database] [searches] [--profile]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { memoryUsage } from 'node:process';
import 'reflect-metadata';
import { MemorySearchEngine } from '../apps/catalog/src/search/memory-search.engine';
import { bootBenchApp, databaseUrl, Percentiles, percentiles, searchMix } from './catalog';
import { observeGcPauses, summarise } from './cpu-profile';
import { provinceCounties } from './province';

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const database = args[0] ?? 'countyflow_search_province';
  const count = Number(args[1] ?? 1200);
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = databaseUrl(serverUrl, database);
  const before = memoryUsage();
  const started = Date.now();
  const load = loadavg()[0];
  const app = await bootBenchApp(
    url,
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    `cf-search-profile-${process.pid}`,
    'memory',
  );
  const after = memoryUsage();
  const engine = app.get(MemorySearchEngine);
  console.log(
    JSON.stringify({
      bootMs: Date.now() - started,
      loadAverage: load,
      ...engine.stats(),
      rssMiB: Math.round(after.rss / 2 ** 20),
      rssGrowthMiB: Math.round((after.rss - before.rss) / 2 ** 20),
      heapGrowthMiB: Math.round((after.heapUsed - before.heapUsed) / 2 ** 20),
    }),
  );
  let engineMs = 0;
  const search = engine.search.bind(engine);
  engine.search = async (request) => {
    const at = process.hrtime.bigint();
    const page = await search(request);
    engineMs += Number(process.hrtime.bigint() - at) / 1e6;
    return page;
  };
  const fastify = app.getHttpAdapter().getInstance();
  const counties = provinceCounties(100);
  const run = async (query: Record<string, string>) => {
    engineMs = 0;
    const at = process.hrtime.bigint();
    const response = await fastify.inject({ method: 'GET', url: '/search', query });
    const total = Number(process.hrtime.bigint() - at) / 1e6;
    if (response.statusCode !== 200) {
      throw new Error(`${JSON.stringify(query)}: ${response.statusCode} ${response.body}`);
    }
    return {
      total,
      engine: engineMs,
      rest: total - engineMs,
      body: response.json<{ nextCursor: string | null }>(),
    };
  };
  for (const { query } of searchMix(200, counties)) {
    await run(query);
  }
  const session = new Session();
  const profile = process.argv.includes('--profile');
  if (profile) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const samples = new Map<string, { total: number[]; engine: number[]; rest: number[] }>();
  const record = (kind: string, timed: { total: number; engine: number; rest: number }) => {
    const entry = samples.get(kind) ?? { total: [], engine: [], rest: [] };
    entry.total.push(timed.total);
    entry.engine.push(timed.engine);
    entry.rest.push(timed.rest);
    samples.set(kind, entry);
  };
  // garbage collection's pauses while the searches run, by kind (a heap holding a million documents is large)
  const gc = observeGcPauses();
  const pauses = gc.pauses;
  const loadBefore = loadavg()[0];
  for (const [index, { kind, query }] of searchMix(count, counties).entries()) {
    const timed = await run(query);
    record(kind, timed);
    record('(all)', timed);
    if (timed.body.nextCursor && index % 6 === 0) {
      const next = await run({ ...query, cursor: timed.body.nextCursor });
      record('next page (cursor)', next);
      record('(all)', next);
    }
  }
  const loadAfter = loadavg()[0];
  gc.disconnect();
  for (const [kind, durations] of pauses) {
    const sum = durations.reduce((total, duration) => total + duration, 0);
    console.log(
      `gc ${kind}: ${durations.length} pauses, ${Math.round(sum)} ms in all, p99 / max ${percentiles(durations).p99Ms} / ${percentiles(durations).maxMs} ms`,
    );
  }
  if (profile) {
    const { profile: cpu } = await session.post('Profiler.stop');
    mkdirSync('/tmp/search-bench', { recursive: true });
    writeFileSync('/tmp/search-bench/search.cpuprofile', JSON.stringify(cpu));
    console.log(JSON.stringify(summarise(cpu as never, 25), null, 1));
  }
  console.log(`load ${loadBefore} → ${loadAfter}`);
  const line = (p: Percentiles) => `${p.p50Ms} / ${p.p95Ms} / ${p.p99Ms} / ${p.maxMs}`;
  for (const [kind, entry] of [...samples].sort()) {
    console.log(
      `${kind.padEnd(28)} n=${String(entry.total.length).padEnd(5)} total ${line(percentiles(entry.total)).padEnd(28)} engine ${line(percentiles(entry.engine)).padEnd(28)} rest ${line(percentiles(entry.rest))}`,
    );
  }
  await app.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

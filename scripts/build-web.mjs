// Builds the web app (apps/web → apps/web/dist) with Vite's JS API. `npm run build` always builds it;
// `npm test` builds it only when it is missing or older than its sources (see isWebBuildFresh).
//   node scripts/build-web.mjs            build now
//   node scripts/build-web.mjs --if-stale build only when missing or stale
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_ROOT = join(root, 'apps/web');
export const WEB_DIST = join(WEB_ROOT, 'dist');

/** The newest modification time of the web app's sources (everything under apps/web but dist/) and the lockfile. */
function newestSource(dir = WEB_ROOT) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (/^dist(\.|$)/.test(entry.name) || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when apps/web/dist/index.html exists and is newer than every source of the web app. */
export function isWebBuildFresh() {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  return built >= newestSource() && built >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

/** Copies into the new build the hashed files the current dist/index.html refers to. */
function keepPreviousAssets(next) {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return;
  for (const [, file] of readFileSync(index, 'utf8').matchAll(/["']\/(assets\/[^"']+)["']/g)) {
    if (existsSync(join(WEB_DIST, file)) && !existsSync(join(next, file))) {
      copyFileSync(join(WEB_DIST, file), join(next, file));
    }
  }
}

export async function buildWeb({ ifStale = false, log = (message) => console.log(`[build] ${message}`) } = {}) {
  if (ifStale && isWebBuildFresh()) {
    return false;
  }
  const startedAt = Date.now();
  const { build } = await import('vite');
  // built next to dist/ and swapped in at the end, keeping the assets the previous index.html loads: a page (or a
  // browser test of a concurrent run) that loaded the previous build never finds its scripts gone
  const next = join(WEB_ROOT, `dist.next-${process.pid}`);
  try {
    await build({
      configFile: join(WEB_ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: next, emptyOutDir: true },
    });
    keepPreviousAssets(next);
    const old = join(WEB_ROOT, `dist.old-${process.pid}`);
    if (existsSync(WEB_DIST)) renameSync(WEB_DIST, old);
    renameSync(next, WEB_DIST);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
  log(`web app built into apps/web/dist in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb({ ifStale: process.argv.includes('--if-stale') });
}

// Compiles every app, lib, migration, seed and script to dist/ in one pass with SWC (about a second),
// rewriting the @countyflow/* aliases to relative paths; bundles each service from that output into
// dist/services/<service>/main.js, the file the launchers run (scripts/bundle.mjs, a few seconds: a smaller idle
// process); then builds the web app (apps/web → apps/web/dist, which the gateway serves at /) with Vite (about a
// second more; `--server-only` skips it). Type checking is `npm run typecheck`, kept separate so that starting and
// testing stay fast.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web.mjs';
import { bundleService, SERVICES } from './bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = ['apps', 'libs', 'migrations', 'seeds', 'scripts', 'bench'].filter((dir) =>
  existsSync(join(root, dir)),
);
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/@swc/cli/bin/swc.js'),
    ...sources,
    '--out-dir',
    'dist',
    '--config-file',
    '.swcrc',
    '--extensions',
    '.ts',
    '--ignore',
    '**/*.spec.ts,**/*.e2e-spec.ts,apps/web/**',
    '--copy-files',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
await Promise.all(SERVICES.map(bundleService));

if (!process.argv.includes('--server-only')) {
  await buildWeb();
}

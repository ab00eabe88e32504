// `npm test`: makes sure PostgreSQL and Redis answer (starting local ones if it must, like `npm start`), then runs
// the whole Jest suite against them (its four tiers, docs/architecture.md "Tests"; `--selectProjects unit medium`
// is `npm run test:fast`). Tests create and drop their own `countyflow_test_*` databases and use their own
// Redis key prefixes, so the demo database is never touched. The browser tests (test/web) drive the built web app
// through the gateway, so the web app is built first when apps/web/dist is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web.mjs';
import { ensureInfrastructure, loadDotEnv } from './infra.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...loadDotEnv(root), ...process.env };
const args = process.argv.slice(2);
// only the e2e and slow tiers serve the web app; `--selectProjects unit medium` has no use for a build
const selected = args.includes('--selectProjects')
  ? args.slice(args.indexOf('--selectProjects') + 1).filter((arg) => !arg.startsWith('-'))
  : ['e2e', 'slow'];
// WEB_DIST_DIR pointing elsewhere: the browser tests use that build as it is
if (!env.WEB_DIST_DIR && selected.some((project) => project === 'e2e' || project === 'slow')) {
  await buildWeb({ ifStale: true, log: (message) => console.log(`[test] ${message}`) });
}
const serverUrl = env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const infra = await ensureInfrastructure({
  databaseUrl: serverUrl,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  log: (message) => console.log(`[test] ${message}`),
});
let status;
try {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, TEST_DATABASE_URL: infra.databaseUrl, REDIS_URL: infra.redisUrl, NODE_ENV: 'test' },
  });
  status = result.status ?? 1;
} finally {
  await infra.stop();
}
process.exit(status);

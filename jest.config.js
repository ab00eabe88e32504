const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Nest 12 and some of its dependencies ship only as ES modules, which Jest's CommonJS runtime cannot require on
 * Node 20. Every installed package that declares "type": "module" is compiled to CommonJS by SWC like our code.
 */
function esmPackages() {
  const root = join(__dirname, 'node_modules');
  const names = [];
  for (const entry of readdirSync(root)) {
    const candidates = entry.startsWith('@')
      ? readdirSync(join(root, entry)).map((name) => `${entry}/${name}`)
      : [entry];
    for (const name of candidates) {
      try {
        if (JSON.parse(readFileSync(join(root, name, 'package.json'), 'utf8')).type === 'module') {
          names.push(name);
        }
      } catch {
        // not a package
      }
    }
  }
  return names.map((name) => name.replace(/[.]/g, '\\.'));
}

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: __dirname,
      paths: {
        '@countyflow/contracts': ['libs/contracts/src/index.ts'],
        '@countyflow/kernel': ['libs/kernel/src/index.ts'],
        '@countyflow/messaging': ['libs/messaging/src/index.ts'],
        '@countyflow/persistence': ['libs/persistence/src/index.ts'],
        '@countyflow/auth': ['libs/auth/src/index.ts'],
        '@countyflow/testing': ['libs/testing/src/index.ts'],
        '@countyflow/media': ['libs/media/src/index.ts'],
      },
    },
    module: { type: 'commonjs' },
  },
];

const SLOW = ['chaos', 'fuzz', 'authz', 'web', 'seed'];
const slowDirs = `<rootDir>/test/(${SLOW.join('|')})/`;

/**
 * CommonJS packages that load Node modules with `import()`, which Jest's CommonJS runtime refuses (the call fails
 * quietly): the OTLP exporter loads `http` that way, so with them untransformed no span ever left a test.
 */
const DYNAMIC_IMPORTERS = ['@opentelemetry/otlp-exporter-base'];

/** What every project shares: SWC, the ES-module packages compiled to CommonJS, the lib aliases. */
const shared = {
  // TEST_CPU_REPORT=<file>: the same Node environment, appending each file's wall and CPU time to <file>
  testEnvironment: process.env.TEST_CPU_REPORT ? '<rootDir>/test/support/cpu-environment.js' : 'node',
  rootDir: __dirname,
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${[...esmPackages(), ...DYNAMIC_IMPORTERS].join('|')})/)`],
  moduleNameMapper: {
    '^@countyflow/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  },
  setupFiles: ['reflect-metadata'],
  ...(process.env.TEST_CODE_CACHE === '0' ? {} : { runtime: '<rootDir>/test/support/code-cache-runtime.js' }),
};

/** Tiers that need PostgreSQL: the run's template database is migrated once, before the first of them starts. */
const database = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};

/**
 * Four tiers (docs/architecture.md, "Tests"). A new file lands in its tier by where it sits and how it is named:
 * `*.spec.ts` beside the code is unit, `*.medium-spec.ts` medium, `test/**` e2e, and the long poles below
 * test/{chaos,fuzz,authz,web,seed} slow.
 */
/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/apps', '<rootDir>/libs'],
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
    },
    {
      ...shared,
      ...database,
      displayName: 'medium',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.medium-spec.ts'],
    },
    {
      ...shared,
      ...database,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', slowDirs],
    },
    {
      ...shared,
      ...database,
      displayName: 'slow',
      roots: ['<rootDir>/test'],
      testMatch: SLOW.map((dir) => `<rootDir>/test/${dir}/**/*.e2e-spec.ts`),
    },
  ],
  testSequencer: '<rootDir>/test/sequencer.js',
  // Jest reads these two from the top level only, never from a project
  testTimeout: 30_000,
  maxWorkers: 2,
  // A worker keeps something of every file it ran (a whole run grew one to a 3.6 GB heap and it crashed near the
  // end); past 1 GB of heap after a file, Jest starts a fresh one (a few seconds of module loading, warm caches)
  workerIdleMemoryLimit: '1GB',
};

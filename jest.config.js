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

/** @type {import('jest').Config} */
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
      },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages().join('|')})/)`],
  moduleNameMapper: {
    '^@countyflow/(.*)$': '<rootDir>/libs/$1/src/index.ts',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 30_000,
  maxWorkers: 2,
};

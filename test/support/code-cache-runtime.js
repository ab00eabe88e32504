const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

// beside the other tools' caches, so that `npm ci` (a fresh node_modules) starts it anew
const CACHE_DIR = join(__dirname, '..', '..', 'node_modules', '.cache', 'countyflow-jest-code-cache');
mkdirSync(CACHE_DIR, { recursive: true });

/**
 * Jest's runtime with V8's code cache (jest.config.js `runtime`; TEST_CODE_CACHE=0 leaves it out). Every test file
 * gets a fresh module registry, so each file parsed and compiled Nest, TypeORM, BullMQ… anew: Jest caches the
 * transformed text, not V8's bytecode. Here a module is compiled from the bytecode an earlier file left (keyed by
 * the transformed text, so a changed file misses and is compiled from source), the way Node's own compile cache
 * does outside Jest. After a file, the bytecode of the modules it compiled from source is written, the functions
 * that file ran included. V8 rejects a cache made with other flags or another version; the module is then compiled
 * from source and its cache written again. docs/architecture.md, "What keeps the suite fast".
 */
class CodeCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const fresh = (this.freshScripts = []);
    // jest-runtime's module executor is not a public API: should a new Jest move it, tests run without the cache
    const executor = this.executor;
    if (typeof executor?.compile !== 'function' || !Array.isArray(executor.injectedModuleParameters)) {
      return;
    }
    const original = executor.compile.bind(executor);
    executor.compile = (scriptSource, filename) => {
      const vmContext = executor.environment.getVmContext();
      if (vmContext == null || executor.resolution.isCoreModule(filename)) {
        return original(scriptSource, filename);
      }
      const parameters = executor.injectedModuleParameters;
      const key = createHash('sha1').update(parameters.join(',')).update('\0').update(scriptSource).digest('hex');
      const path = join(CACHE_DIR, key);
      let cachedData;
      try {
        cachedData = readFileSync(path);
      } catch {
        cachedData = undefined;
      }
      const wrapped = `(function (${parameters.join(', ')}) {${scriptSource}\n})`;
      let script;
      try {
        script = new vm.Script(wrapped, {
          filename,
          cachedData,
          importModuleDynamically: (specifier, _script, importAttributes) =>
            executor.dynamicImport(specifier, filename, vmContext, importAttributes),
        });
      } catch {
        return original(scriptSource, filename);
      }
      if (cachedData === undefined || script.cachedDataRejected) {
        fresh.push({ script, path });
      }
      return script.runInContext(vmContext);
    };
  }

  teardown() {
    for (const { script, path } of this.freshScripts.splice(0)) {
      try {
        const temporary = `${path}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, path);
      } catch {
        // a cache that cannot be written is only slower
      }
    }
    super.teardown();
  }
}

module.exports = CodeCacheRuntime;

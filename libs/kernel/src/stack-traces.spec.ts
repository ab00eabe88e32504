import { transformSync } from '@swc/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { mapStackTraces } from './stack-traces';

const SOURCE = `// a built file's TypeScript source
export function fail(reason: string): never {
  const message: string = \`failed: \${reason}\`;
  throw new Error(message);
}
`;

describe(mapStackTraces.name, () => {
  const original = Error.prepareStackTrace;
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'countyflow-stack-'));
  });

  afterEach(() => {
    Error.prepareStackTrace = original;
    rmSync(directory, { recursive: true, force: true });
  });

  /** Builds SOURCE as scripts/build.mjs does (SWC, CommonJS, a map beside the file) and returns the error it throws. */
  function errorOfBuiltFile(withMap: boolean): { error: Error; built: string } {
    const output = transformSync(SOURCE, {
      filename: join(directory, 'fail.ts'),
      sourceMaps: true,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    const built = join(directory, 'fail.js');
    writeFileSync(built, `${output.code}\n//# sourceMappingURL=fail.js.map\n`);
    if (withMap) {
      writeFileSync(`${built}.map`, output.map!);
    }
    const exports: { fail?: (reason: string) => never } = {};
    const wrapper = new Script(`(function (exports) {${output.code}\n})`, { filename: built }).runInThisContext() as (
      target: typeof exports,
    ) => void;
    wrapper(exports);
    try {
      exports.fail!('no stock');
    } catch (error) {
      return { error: error as Error, built };
    }
    throw new Error('fail() did not throw');
  }

  it("names the TypeScript source's file and line of a built file's frame, read from the map beside it", () => {
    mapStackTraces();

    const { error } = errorOfBuiltFile(true);

    const lines = error.stack!.split('\n');
    expect(lines[0]).toBe('Error: failed: no stock');
    expect(lines[1]).toBe(`    at Object.fail (${join(directory, 'fail.ts')}:4:9)`);
  });

  it('leaves a frame as V8 prints it when its file has no map', () => {
    mapStackTraces();

    const { error, built } = errorOfBuiltFile(false);

    expect(error.stack!.split('\n')[1]).toMatch(new RegExp(`^    at Object.fail \\(${built}:\\d+:\\d+\\)$`));
  });
});

import { transformSync } from '@swc/core';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOT_YOUNG_GENERATION, settleHeapAfterBoot } from './young-generation';

const MB = 1024 * 1024;

/**
 * A process as a service's bundle starts it: BOOT_YOUNG_GENERATION first, a "boot" that allocates like one (objects
 * that survive a few scavenges), then settleHeapAfterBoot() and a "load" like the boot. V8's young generation size
 * after each, from a child process (these flags are the process's own).
 */
function bootAndLoad(nodeArgs: string[] = []): { boot: number; settled: boolean; loaded: number } {
  const directory = mkdtempSync(join(tmpdir(), 'countyflow-heap-'));
  try {
    const module = join(directory, 'young-generation.js');
    const source = readFileSync(join(__dirname, 'young-generation.ts'), 'utf8');
    writeFileSync(
      module,
      transformSync(source, { jsc: { parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }).code,
    );
    const script = `${BOOT_YOUNG_GENERATION}
      const v8 = require('node:v8');
      const young = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
      const allocate = () => {
        let kept = [];
        for (let i = 0; i < 2e6; i++) {
          kept.push({ i, text: 'x' + i });
          if (kept.length > 200000) kept = kept.slice(100000);
        }
      };
      allocate();
      const boot = young();
      const settled = require(process.argv[1]).settleHeapAfterBoot();
      allocate();
      console.log(JSON.stringify({ boot, settled, loaded: young() }));`;
    const child = spawnSync(process.execPath, [...nodeArgs, '-e', script, module], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('the young generation while a service boots', () => {
  it('stays at its initial size through boot, and grows again under load once settled', () => {
    const { boot, settled, loaded } = bootAndLoad();

    expect(settled).toBe(true);
    expect(boot).toBeLessThanOrEqual(2 * MB);
    expect(loaded).toBeGreaterThanOrEqual(4 * boot);
  });

  it('leaves a growth factor given on the command line alone', () => {
    const { boot, settled } = bootAndLoad(['--semi-space-growth-factor=2']);

    expect(settled).toBe(false);
    expect(boot).toBeGreaterThan(2 * MB);
  });

  it('does nothing in a process that did not boot from a bundle (the tests, in-process apps)', () => {
    expect(settleHeapAfterBoot()).toBe(false);
  });
});

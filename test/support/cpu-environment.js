const { appendFileSync } = require('node:fs');
const { relative } = require('node:path');
const { performance } = require('node:perf_hooks');
const { TestEnvironment } = require('jest-environment-node');

/**
 * `TEST_CPU_REPORT=<file>`: the test environment (jest.config.js names it only when the variable is set) appends a
 * line `<path>\t<wall ms>\t<cpu ms>` per test file to <file>: the CPU its Jest worker's process spent (user + system,
 * every thread) from the file's set-up to its tear-down, loading and compiling its modules included. Where other
 * work loads the machine, CPU time compares two runs of a file when wall time cannot.
 */
class CpuReportEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async setup() {
    this.started = { wall: performance.now(), cpu: process.cpuUsage() };
    await super.setup();
  }

  async teardown() {
    await super.teardown();
    const used = process.cpuUsage(this.started.cpu);
    const wall = Math.round(performance.now() - this.started.wall);
    const cpu = Math.round((used.user + used.system) / 1000);
    appendFileSync(process.env.TEST_CPU_REPORT, `${relative(process.cwd(), this.testPath)}\t${wall}\t${cpu}\n`);
  }
}

module.exports = CpuReportEnvironment;

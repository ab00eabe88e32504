// Ranks test files by what they cost, from one run's Jest report and (optionally) its CPU report:
//   TEST_CPU_REPORT=/tmp/e2e.tsv npm run test:e2e -- --json --outputFile=/tmp/e2e.json
//   node scripts/test-times.mjs /tmp/e2e.json /tmp/e2e.tsv
// prints one line per file, longest first: wall seconds, CPU seconds of its Jest worker (from TEST_CPU_REPORT,
// docs/architecture.md "Tests"), tests, status and path; then the totals. Where other work loads the machine,
// compare files by CPU: their wall time grows with the load average.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [report, cpuReport] = process.argv.slice(2);
if (!report) {
  console.error('usage: node scripts/test-times.mjs <jest --json output> [TEST_CPU_REPORT file]');
  process.exit(2);
}
const run = JSON.parse(readFileSync(report, 'utf8'));
const cpu = new Map();
if (cpuReport && existsSync(cpuReport)) {
  for (const line of readFileSync(cpuReport, 'utf8').trim().split('\n')) {
    const [path, , cpuMs] = line.split('\t');
    cpu.set(path, Number(cpuMs) / 1000);
  }
}
const files = run.testResults
  .map((file) => {
    const path = relative(process.cwd(), file.name);
    return {
      path,
      wall: (file.endTime - file.startTime) / 1000,
      cpu: cpu.get(path),
      tests: file.assertionResults.length,
      status: file.status,
    };
  })
  .sort((a, b) => b.wall - a.wall);
const seconds = (value) => (value === undefined ? '—' : value.toFixed(1)).padStart(7);
for (const file of files) {
  console.log(
    `${seconds(file.wall)} ${seconds(file.cpu)} ${String(file.tests).padStart(4)} ${file.status.padEnd(6)} ${file.path}`,
  );
}
const sum = (values) => values.reduce((total, value) => total + (value ?? 0), 0);
const started = Math.min(...run.testResults.map((file) => file.startTime));
const ended = Math.max(...run.testResults.map((file) => file.endTime));
console.log(
  `${files.length} files, ${run.numTotalTests} tests (${run.numFailedTests} failed): ` +
    `first start to last end ${((ended - started) / 1000).toFixed(0)} s, ` +
    `wall ${sum(files.map((file) => file.wall)).toFixed(0)} s and CPU ${sum(files.map((file) => file.cpu)).toFixed(0)} s summed over files`,
);

import { testServerUrl } from '@countyflow/testing';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ChaosReport, runChaos } from '../../bench/chaos';
import { ensureBuilt } from '../support/built-services';

/*
 * The short chaos run (the full one is `npm run chaos`): every service a process of its own, a checkout load through
 * the gateway, and mid-load orders and catalog are SIGKILLed and restarted, Redis is killed and restarted on its
 * append-only file, and PostgreSQL terminates every connection. Once the platform settles, every check of
 * bench/chaos-checks.ts must pass — and the faults must really have happened.
 */

jest.setTimeout(10 * 60_000);

const root = join(__dirname, '..', '..');
const SERVICES = ['identity', 'catalog', 'orders', 'logistics', 'gateway'];

function explain(report: ChaosReport): string {
  return [
    ...report.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.details.join(' | ')}`),
    ...report.faults.map((fault) => `${fault.fault}: ${fault.action}, ${JSON.stringify(fault.clientErrors)}`),
    ...report.serviceLogTail.slice(-20),
  ].join('\n');
}

describe('chaos: services killed, Redis restarted and PostgreSQL connections dropped under checkout load', () => {
  let report: ChaosReport;

  beforeAll(async () => {
    ensureBuilt(SERVICES);
    const run = () =>
      runChaos({
        name: `test_chaos_${process.pid}`,
        serverUrl: testServerUrl(process.env),
        templateDatabase: process.env.COUNTYFLOW_TEST_TEMPLATE,
        durationMs: 36_000,
        concurrency: 4,
        buyers: 4,
        stockScale: 0.25,
        faults: ['kill-orders', 'kill-catalog', 'restart-redis', 'terminate-postgres'],
        paymentTimeoutSeconds: 10,
        settleTimeoutMs: 150_000,
      });
    try {
      report = await run();
    } catch (error) {
      // a rebuild by another test between our build and the copy can leave dist/ half written: build and try again
      if (!/exited with|MODULE_NOT_FOUND|no built apps/.test(String(error))) throw error;
      execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--server-only'], {
        cwd: root,
        stdio: 'pipe',
      });
      report = await run();
    }
  });

  it('ends consistent: every check passes once the platform settles', () => {
    const failed = report.checks.filter((check) => !check.ok).map((check) => check.name);
    if (failed.length > 0) throw new Error(`failed: ${failed.join(', ')}\n${explain(report)}`);
    expect(report.settle.settled).toBe(true);
    expect(report.checks.length).toBeGreaterThanOrEqual(12);
  });

  it('really injected the faults: new processes, a restarted Redis, terminated connections, errors seen by clients', () => {
    const byFault = new Map(report.faults.map((fault) => [fault.fault, fault]));
    for (const fault of ['kill-orders', 'kill-catalog'] as const) {
      const record = byFault.get(fault)!;
      expect(record.oldPid).toEqual(expect.any(Number));
      expect(record.newPid).toEqual(expect.any(Number));
      expect(record.newPid).not.toBe(record.oldPid);
    }
    expect(byFault.get('restart-redis')?.recoveryMs).toBeGreaterThanOrEqual(1000);
    expect(byFault.get('terminate-postgres')?.terminatedConnections).toBeGreaterThan(0);
    const errorsWhileOrdersDown = Object.values(byFault.get('kill-orders')!.clientErrors).reduce((a, b) => a + b, 0);
    expect(errorsWhileOrdersDown).toBeGreaterThan(0);
    expect(report.faults.flatMap((fault) => fault.unexpectedExits)).toEqual([]);
  });

  it('carried real traffic through the faults: baskets accepted, paid, left to expire', () => {
    expect(report.load.checkoutsAccepted).toBeGreaterThanOrEqual(10);
    expect(report.load.webhookOutcomes.applied ?? 0).toBeGreaterThan(0);
  });
});

import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { ChaosReport, Fault, FAULTS, runChaos } from './chaos';

/**
 * `npm run chaos`: the full chaos run against the PostgreSQL server of CHAOS_DATABASE_URL / DATABASE_URL (else the
 * local default) with a private redis-server. Settings: CHAOS_SECONDS (load duration, default 150),
 * CHAOS_CONCURRENCY (default 6), CHAOS_STOCK_SCALE (starting stock × this, default 3), CHAOS_FAULTS (comma-separated,
 * default all). `--replicas N` runs N API processes per service behind the gateway (round-robin) and a worker per
 * service, through a PgBouncer of its own in transaction mode; `--pooler` runs one replica through PgBouncer. Prints
 * what it did and what it found; exits 1 if any check fails.
 */

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const tally = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, n]) => `${key} ×${n}`)
    .join(', ') || 'none';

function print(report: ChaosReport): void {
  const { load } = report;
  const out: string[] = [];
  out.push('', '== faults');
  for (const fault of report.faults) {
    out.push(
      `  +${seconds(fault.atMs).padStart(7)}  ${fault.at}  ${fault.fault}: ${fault.action}`,
      `             ready again after ${seconds(fault.recoveryMs)}; first checkout accepted after ${seconds(
        fault.firstCheckoutAcceptedAfterMs,
      )}; client errors meanwhile: ${tally(fault.clientErrors)}` +
        (fault.unexpectedExits.length > 0 ? `; UNEXPECTED EXITS: ${fault.unexpectedExits.join(', ')}` : ''),
    );
  }
  out.push('', '== load');
  out.push(
    `  ${load.seconds} s, ${load.concurrency} buyers at a time`,
    `  checkouts: ${load.checkoutsAttempted} attempted, ${load.checkoutsAccepted} accepted (${load.acceptedPerSecond}/s; ` +
      `${load.acceptedAfterRetry} after retrying with the same Idempotency-Key, ${load.replayedAnswers} answered as replays), ` +
      `${load.checkoutsGivenUp} given up, refused: ${tally(load.checkoutsRefused)}`,
    `  client errors (5xx or no answer, each retried): ${tally(load.clientErrors)}; ${load.retries} retries`,
    `  payments: ${load.paymentsCreated} created, ${load.webhooksSent} signed webhooks sent (${load.duplicateWebhooksSent} deliberate repeats): ${tally(load.webhookOutcomes)}`,
    `  ${load.cancelledByBuyer} orders cancelled by their buyer, ${load.latePayments} baskets paid after they expired, ` +
      `${load.leftUnpaid} left unpaid to expire, ` +
      `${load.nothingToPay} baskets with nothing to pay (all rejected)`,
  );
  out.push('', '== outcome');
  for (const [key, value] of Object.entries(report.figures)) out.push(`  ${key}: ${value}`);
  out.push(
    `  settled ${report.settle.settled ? 'after' : 'NOT within'} ${seconds(report.settle.ms)} (${report.settle.polls} polls)`,
  );
  if (report.deadLetters.length > 0) {
    out.push('', '== dead letters');
    for (const letter of report.deadLetters) {
      out.push(
        `  ${letter.service}: ${letter.name} ${letter.eventId} (${letter.status}, ${letter.attempts} attempts): ${letter.error}`,
      );
      out.push(`      → ${letter.explanation ?? 'UNEXPLAINED'}`);
    }
  }
  out.push('', '== checks');
  for (const check of report.checks) {
    out.push(`  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.summary}`);
    for (const detail of check.details) out.push(`          ${detail}`);
  }
  const failed = report.checks.filter((check) => !check.ok).length;
  out.push(
    '',
    failed === 0
      ? `ALL ${report.checks.length} CHECKS PASSED (total ${seconds(report.totalMs)})`
      : `${failed} OF ${report.checks.length} CHECKS FAILED (total ${seconds(report.totalMs)})`,
  );
  console.log(out.join('\n'));
}

async function main(): Promise<void> {
  const faults = (process.env.CHAOS_FAULTS?.split(',').map((fault) => fault.trim()) ?? [...FAULTS]) as Fault[];
  const unknown = faults.filter((fault) => !FAULTS.includes(fault));
  if (unknown.length > 0) throw new Error(`unknown faults ${unknown.join(', ')}; known: ${FAULTS.join(', ')}`);
  const replicasAt = process.argv.indexOf('--replicas');
  const replicas = replicasAt >= 0 ? Number(process.argv[replicasAt + 1]) : 1;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 4) throw new Error('--replicas takes 1 to 4');
  const serviceLog = join(tmpdir(), `countyflow-chaos-${process.pid}.log`);
  writeFileSync(serviceLog, '');
  const started = Date.now();
  const stamp = () => `[chaos ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s]`;
  const report = await runChaos({
    durationMs: Number(process.env.CHAOS_SECONDS ?? 150) * 1000,
    concurrency: Number(process.env.CHAOS_CONCURRENCY ?? 6),
    stockScale: Number(process.env.CHAOS_STOCK_SCALE ?? 3),
    faults,
    serverUrl: process.env.CHAOS_DATABASE_URL ?? process.env.DATABASE_URL,
    replicas,
    pooler: replicas > 1 || process.argv.includes('--pooler'),
    log: (line) => console.log(`${stamp()} ${line}`),
    serviceLog: (line) => appendFileSync(serviceLog, `${line}\n`),
  });
  print(report);
  console.log(`service logs (LOG_LEVEL=warn): ${serviceLog}`);
  process.exitCode = report.ok ? 0 : 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

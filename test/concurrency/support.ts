import { Client } from 'pg';
import { Response } from 'supertest';

export interface BurstFigures {
  /** How many answers had each status (`error` for a request that got no answer). */
  statuses: Record<string, number>;
  p50Ms: number;
  maxMs: number;
}

export interface Burst<T> {
  results: { response?: Response; error?: unknown; ms: number; value?: T }[];
  figures: BurstFigures;
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];

/** Starts every call at once and records each one's status and latency. */
export async function burst(calls: (() => Promise<Response>)[]): Promise<Burst<never>> {
  const results = await Promise.all(
    calls.map(async (call) => {
      const started = performance.now();
      try {
        const response = await call();
        return { response, ms: performance.now() - started };
      } catch (error) {
        return { error, ms: performance.now() - started };
      }
    }),
  );
  const statuses: Record<string, number> = {};
  for (const result of results) {
    const key = result.response ? String(result.response.status) : 'error';
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const sorted = results.map((result) => result.ms).sort((a, b) => a - b);
  return {
    results,
    figures: { statuses, p50Ms: Math.round(percentile(sorted, 0.5)), maxMs: Math.round(sorted.at(-1) ?? 0) },
  };
}

/** Prints a burst's figures (docs/reliability.md quotes them) under a label. */
export function report(label: string, figures: BurstFigures): void {
  process.stdout.write(`[concurrency] ${label}: ${JSON.stringify(figures)}\n`);
}

export const statusesOf = (burst: Burst<never>): number[] =>
  burst.results.map((result) => result.response?.status ?? 0);

/** One query on its own connection (for checks a test makes behind the services' backs). */
export async function queryRows<T extends object>(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

import { ServiceName } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';

type ErrorWithCode = Error & { code?: string; statusCode?: number; cause?: unknown };

/** Nothing answered at that address: the service is down, restarting, or not deployed. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'FST_REPLY_FROM_SERVICE_UNAVAILABLE',
]);
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'FST_REPLY_FROM_GATEWAY_TIMEOUT', 'FST_REPLY_FROM_TIMEOUT']);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (
    let current = error as ErrorWithCode | undefined;
    current;
    current = current.cause as ErrorWithCode | undefined
  ) {
    if (typeof current.code === 'string') {
      codes.push(current.code);
    }
    // happy-eyeballs connection attempts fail as an AggregateError of the per-address errors
    if (current instanceof AggregateError) {
      codes.push(...current.errors.flatMap(codesOf));
    }
  }
  return codes;
}

/** The problem a caller gets when the gateway could not get an answer from a service. */
export function upstreamProblem(service: ServiceName, error: unknown, timeoutMs: number): Problem {
  const codes = codesOf(error);
  if (codes.some((code) => TIMED_OUT.has(code))) {
    return new Problem(504, 'upstream-timeout', `the ${service} service did not answer within ${timeoutMs} ms`, {
      service,
    });
  }
  if (codes.some((code) => UNREACHABLE.has(code))) {
    return new Problem(503, 'service-unavailable', `the ${service} service cannot be reached; try again shortly`, {
      service,
    });
  }
  return new Problem(502, 'bad-gateway', `the ${service} service broke off its answer (${codes[0] ?? 'no code'})`, {
    service,
  });
}

/**
 * The chaos run's HTTP client: what a mobile app does against the gateway, with a timeout per request. A network
 * failure is returned as status 0 with the error's code, never thrown, so that the load can count it and retry.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are JSON of many shapes; callers name them
export type Json = any;

export interface HttpAnswer<T = Json> {
  /** 0 when no HTTP answer arrived (connection refused or reset, timeout). */
  status: number;
  body: T;
  headers: Headers | null;
  /** For status 0: ECONNREFUSED, ECONNRESET, TIMEOUT, … */
  error?: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  token?: string;
  body?: unknown;
  /** Sent as is (e.g. a signed webhook's exact bytes). */
  rawBody?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; name?: string } }).cause;
  if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return 'TIMEOUT';
  return cause?.code ?? cause?.name ?? (error as Error).name ?? 'ERROR';
}

export async function http<T = Json>(baseUrl: string, path: string, request: HttpRequest = {}): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  let body: string | undefined = request.rawBody;
  if (body === undefined && request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  } catch (error) {
    return { status: 0, body: null as T, headers: null, error: errorCode(error) };
  }
}

/** A short description of an answer for error messages. */
export function describe(answer: HttpAnswer): string {
  if (answer.status === 0) return `no answer (${answer.error})`;
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return `${answer.status} ${body?.slice(0, 300)}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls until the answer is `expected`, retrying on no answer and 5xx (as a client does while a service restarts),
 * up to `timeoutMs`; any other answer is an error at once.
 */
export async function expectAnswer<T = Json>(
  what: string,
  expected: number,
  call: () => Promise<HttpAnswer<T>>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await call();
    if (answer.status === expected) return answer.body;
    const transient = answer.status === 0 || answer.status >= 500;
    if (!transient || Date.now() > deadline) throw new Error(`${what}: expected ${expected}, got ${describe(answer)}`);
    await sleep(250);
  }
}

import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ApiError, type ProblemDetails } from './problem';
import type { paths } from './schema';
import { shrinkPhoto } from './shrink-photo';
import { TokenStore, type StoredTokens } from './tokens';

/** The services behind the gateway: every call goes to `/api/<service>/…`. */
export type Service = 'identity' | 'catalog' | 'orders' | 'logistics';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Sent as `Idempotency-Key`: a retried checkout or payment with the same key is answered, not repeated. */
  idempotencyKey?: string;
  /** Send the bearer token when there is one (default); false for calls that must go out anonymous. */
  auth?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** Refresh this long before the access token expires, so a request never leaves with a token about to die. */
const REFRESH_MARGIN_MS = 30_000;
const REFRESH_LOCK = 'cf.refresh';

/** A random UUID v4 (crypto.randomUUID needs a secure context; a county LAN over http is not one). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') {
      continue;
    }
    if (typeof value === 'object') {
      value.forEach((item) => params.append(key, String(item)));
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  const type = response.headers.get('content-type') ?? '';
  if (/json/.test(type)) {
    try {
      const body = JSON.parse(text) as Partial<ProblemDetails>;
      if (typeof body.status === 'number' || typeof body.detail === 'string') {
        return new ApiError({
          ...body,
          type: body.type ?? `/problems/http-${response.status}`,
          title: body.title ?? response.statusText,
          status: body.status ?? response.status,
          detail: body.detail ?? body.title ?? response.statusText,
        });
      }
    } catch {
      // not JSON after all
    }
  }
  return ApiError.fromUnexpected(response.status, response.statusText, /html/.test(type) ? '' : text);
}

/** A request header the client strips before sending: "send no bearer token" (`auth: false`). */
const ANONYMOUS = 'x-countyflow-anonymous';

/** `headers: anonymous` on a typed call that must go out without the bearer token. */
export const anonymous = { [ANONYMOUS]: '1' } as const;

/** The body of a typed call's answer (openapi-fetch's `data`): the middleware throws an ApiError for any other. */
export async function dataOf<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  return (await call).data as T;
}

/**
 * The typed fetch client of the gateway: `api.http.GET('/api/catalog/listings/{id}', { params: { path: { id } } })`
 * with the paths and bodies of the merged OpenAPI document (schema.d.ts, `npm run web:client`). Its middleware
 * sends the bearer token, refreshes it shortly before it expires and once more when a call is refused with 401 (one
 * refresh at a time, across tabs too: the refresh token rotates and a spent one revokes the session), and turns
 * every error answer into an `ApiError` carrying the problem. `get/post/…` are the untyped calls on the same path.
 */
export class ApiClient {
  readonly http: Client<paths>;
  private refreshing?: Promise<StoredTokens | null>;
  /** What each request in flight was sent with, by openapi-fetch's request id: its tokens and a copy to retry. */
  private readonly sent = new Map<string, { tokens: StoredTokens; retry: Request }>();

  constructor(
    readonly tokens: TokenStore,
    baseUrl = '',
  ) {
    this.http = createClient<paths>({
      baseUrl,
      headers: { accept: 'application/json' },
      querySerializer: (query) => queryString(query as Record<string, QueryValue>).slice(1),
    });
    this.http.use(this.middleware());
  }

  get<T>(service: Service, path: string, query?: Record<string, QueryValue>, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(service, path, { ...options, method: 'GET', query });
  }

  post<T>(service: Service, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(service, path, { ...options, method: 'POST', body });
  }

  put<T>(service: Service, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(service, path, { ...options, method: 'PUT', body });
  }

  patch<T>(service: Service, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(service, path, { ...options, method: 'PATCH', body });
  }

  delete<T>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(service, path, { ...options, method: 'DELETE' });
  }

  /** An untyped call through the same middleware (for a path given as text). */
  request<T>(service: Service, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth === false) {
      headers[ANONYMOUS] = '1';
    }
    if (options.idempotencyKey) {
      headers['idempotency-key'] = options.idempotencyKey;
    }
    const untyped = this.http.request as unknown as (
      method: string,
      url: string,
      init: {
        params: { query?: Record<string, QueryValue> };
        body?: unknown;
        headers: Record<string, string>;
        signal?: AbortSignal;
      },
    ) => Promise<{ data?: T }>;
    return dataOf(
      untyped((options.method ?? 'GET').toLowerCase(), `/api/${service}${path}`, {
        params: { query: options.query },
        body: options.body,
        headers,
        signal: options.signal,
      }),
    );
  }

  /**
   * Sends one photo (`multipart/form-data`, the part `photo`) through the same middleware, shrunk first when it is
   * a large camera photo (long edge at most 2048 px, see shrink-photo.ts).
   */
  async upload<T>(service: Service, path: string, photo: Blob): Promise<T> {
    const form = new FormData();
    form.append('photo', await shrinkPhoto(photo));
    return this.request<T>(service, path, { method: 'POST', body: form });
  }

  /** Refreshes the tokens now, so that they carry memberships made since (e.g. the organisation just registered). */
  async renewTokens(): Promise<void> {
    const tokens = this.tokens.get();
    if (tokens) {
      await this.refresh(tokens.refreshToken);
    }
  }

  /** Logs in and keeps the tokens. */
  async login(phone: string, password: string): Promise<StoredTokens> {
    const pair = await dataOf(
      this.http.POST('/api/identity/auth/login', { body: { phone, password }, headers: anonymous }),
    );
    return this.tokens.set(pair);
  }

  /** Revokes the session at identity (every service stops accepting its tokens) and forgets the tokens here. */
  async logout(): Promise<void> {
    try {
      if (this.tokens.get()) {
        await this.http.POST('/api/identity/auth/logout');
      }
    } catch {
      // already revoked or offline: forgetting the tokens here is what the user asked for
    } finally {
      this.tokens.clear();
    }
  }

  private middleware(): Middleware {
    return {
      onRequest: async ({ request, id }) => {
        const anonymousCall = request.headers.has(ANONYMOUS);
        request.headers.delete(ANONYMOUS);
        const tokens = anonymousCall ? null : await this.freshTokens();
        if (tokens) {
          request.headers.set('authorization', `Bearer ${tokens.accessToken}`);
          this.sent.set(id, { tokens, retry: request.clone() });
        }
        return request;
      },
      onResponse: async ({ request, response, id }) => {
        const sent = this.sent.get(id);
        this.sent.delete(id);
        let answer = response;
        if (answer.status === 401 && sent) {
          // the token may have been revoked or expired in between: one refresh, one retry
          const tokens = await this.refresh(sent.tokens.refreshToken);
          if (tokens) {
            sent.retry.headers.set('authorization', `Bearer ${tokens.accessToken}`);
            answer = await this.send(sent.retry, request.signal);
          }
        }
        if (!answer.ok) {
          throw await errorOf(answer);
        }
        return answer;
      },
      onError: ({ request, error, id }) => {
        this.sent.delete(id);
        return request.signal.aborted ? (error as Error) : ApiError.network(error);
      },
    };
  }

  private async send(request: Request, signal: AbortSignal): Promise<Response> {
    try {
      return await fetch(request);
    } catch (error) {
      if (signal.aborted) {
        throw error;
      }
      throw ApiError.network(error);
    }
  }

  /** The stored tokens, refreshed first when the access token is about to expire. */
  private async freshTokens(): Promise<StoredTokens | null> {
    const tokens = this.tokens.get();
    if (!tokens || tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
      return tokens;
    }
    return this.refresh(tokens.refreshToken);
  }

  /** One refresh at a time in this tab, and under a Web Lock across tabs. Null when the session is over. */
  private refresh(spent: string): Promise<StoredTokens | null> {
    this.refreshing ??= this.refreshUnderLock(spent).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshUnderLock(spent: string): Promise<StoredTokens | null> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? locks.request(REFRESH_LOCK, () => this.exchange(spent)) : this.exchange(spent);
  }

  private async exchange(spent: string): Promise<StoredTokens | null> {
    const current = this.tokens.get();
    if (!current) {
      return null;
    }
    // another tab (or an earlier call here) refreshed already: its new pair is ours too
    if (current.refreshToken !== spent && current.expiresAt - Date.now() > REFRESH_MARGIN_MS) {
      return current;
    }
    try {
      const pair = await dataOf(
        this.http.POST('/api/identity/auth/refresh', {
          body: { refreshToken: current.refreshToken },
          headers: anonymous,
        }),
      );
      return this.tokens.set(pair);
    } catch (error) {
      if (error instanceof ApiError && !error.isNetwork && error.status < 500) {
        this.tokens.clear();
        return null;
      }
      throw error;
    }
  }
}

import { currentLocale } from '../i18n/current';
import { fieldProblemText, type FieldProblem } from '../i18n/problems';

/** RFC 9457 problem details: the body of every error the API answers (`application/problem+json`). */
export interface ProblemDetails {
  type: string;
  /** The stable code the app words the problem by (i18n/problems.ts); the `type` without `/problems/`. */
  code?: string;
  /** What the words need: `retryAfterSeconds`, `currentStatus`, `missing`, … */
  params?: Record<string, unknown>;
  title: string;
  status: number;
  /** The English sentence for logs and API users; the app shows its own words for `code`. */
  detail: string;
  instance?: string;
  requestId?: string | null;
  /**
   * Field-level problems of a request that failed validation, with dotted paths (`lines.0.quantity`), the rule
   * broken (`minLength`) and its limit (`1`).
   */
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** The problem type the client uses when no answer arrived at all (offline, DNS, the gateway is down). */
export const NETWORK_PROBLEM = '/problems/network';

/**
 * A refused or failed API call. `message` is the API's own `detail` sentence, so a screen can show it as it is;
 * `problem` keeps everything the API said (type, title, field errors, extensions such as `retryAfterSeconds`).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  /** The problem's type without its `/problems/` path: `illegal-transition`, `bad-credentials`, … */
  get code(): string {
    return this.problem.code ?? this.problem.type.replace(/^.*\/problems\//, '');
  }

  get isNetwork(): boolean {
    return this.problem.type === NETWORK_PROBLEM;
  }

  /**
   * The messages for one field (or for any field under it: `address` also finds `address.phone`), in the app's
   * language (the rule's words, never the API's English sentence).
   */
  fieldError(field: string): string | undefined {
    const locale = currentLocale();
    const messages = (this.problem.errors ?? [])
      .filter((error) => error.field === field || error.field.startsWith(`${field}.`))
      .map((error) => fieldProblemText(locale, error))
      .filter((text, index, all) => all.indexOf(text) === index);
    return messages.length > 0 ? messages.join(locale === 'en' ? '; ' : '；') : undefined;
  }

  static network(cause: unknown): ApiError {
    return new ApiError({
      type: NETWORK_PROBLEM,
      title: 'Network error',
      status: 0,
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }

  /** A body that is not problem+json (a proxy's HTML page, an empty 502): keep the status and say what came back. */
  static fromUnexpected(status: number, statusText: string, text: string): ApiError {
    return new ApiError({
      type: `/problems/http-${status}`,
      title: statusText || `HTTP ${status}`,
      status,
      detail: text.trim().slice(0, 200) || statusText || `HTTP ${status}`,
    });
  }
}

/** The API's message for one form field when `error` is an ApiError (undefined otherwise): `error={fieldErrorOf(e, 'spec')}`. */
export const fieldErrorOf = (error: unknown, field: string): string | undefined =>
  error instanceof ApiError ? error.fieldError(field) : undefined;

/** 404 → null: "there is none" is an answer, not an error (no storefront yet, no shipment yet, not in catalog yet). */
export async function orNull<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return null;
    }
    throw error;
  }
}

import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  ValidationError,
} from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { RequestContext } from './request-context';

/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string | null;
  /** The stable problem code (the `type` without `/problems/`), what a client keys its own words on. */
  code: string;
  /** The values a client needs to say the problem in its own words (e.g. `{ retryAfterSeconds: 30 }`). */
  params: Record<string, unknown>;
  /** Field-level problems of a request that failed validation. */
  errors?: FieldError[];
  [extension: string]: unknown;
}

/**
 * One field's problem: its dotted path, the rule it broke (class-validator's constraint name: `minLength`,
 * `isUuid`, `whitelistValidation`, …), the rule's limit when it has one (`1` for `@MinLength(1)`, `[2, 40]` for
 * `@Length(2, 40)`, the pattern's source for `@Matches`), and the English message.
 */
export interface FieldError {
  field: string;
  rule: string;
  limit?: unknown;
  message: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The codes of problems known only by their status (`forbidden`, `not-found`, …): Nest's own exceptions. */
export const STATUS_PROBLEM_CODES: readonly string[] = Object.values(TITLES).map((title) => slug(title));

/**
 * An expected failure with a stable problem type, e.g.
 * `throw new Problem(409, 'illegal-transition', 'order o1 is paid; it cannot be cancelled')`.
 */
export class Problem extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail, status);
  }
}

/** The constraints a rule was declared with, from class-validator's metadata of the DTO class the error was in. */
function limitOf(target: object | undefined, property: string, rule: string): unknown {
  if (!target) {
    return undefined;
  }
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((entry) => entry.propertyName === property && (entry.name ?? entry.type) === rule);
  const constraints = (metadata?.constraints ?? []).map((value: unknown) =>
    value instanceof RegExp ? value.source : value,
  );
  // @IsEnum keeps the enum object first and its values second; @IsUrl/@IsUUID-style options objects are no limits
  const plain = constraints.filter(
    (value) => value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)),
  );
  if (rule === 'isEnum') {
    return constraints[1];
  }
  return plain.length === 0 ? undefined : plain.length === 1 ? plain[0] : plain;
}

/**
 * Turns class-validator errors into `{ field, rule, limit, message }` with dotted paths (`lines.0.quantity`). The
 * validation pipe keeps each error's target (the DTO instance) so that a rule's limit can be read from its metadata.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = `${parent}${error.property}`;
    return [
      ...Object.entries(error.constraints ?? {}).map(([rule, message]) => {
        const limit = limitOf(error.target, error.property, rule);
        return limit === undefined ? { field, rule, message } : { field, rule, limit, message };
      }),
      ...flattenValidationErrors(error.children ?? [], `${field}.`),
    ];
  });
}

/** Thrown by the global ValidationPipe. */
export class ValidationProblem extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; '));
  }
}

/** What PostgreSQL said of a failed statement, as the driver reports it. */
export interface PgError {
  code?: string;
  detail?: string;
  constraint?: string;
}

/** PostgreSQL's error inside `error`: TypeORM's `QueryFailedError` carries it as `driverError`, pg throws it bare. */
export function databaseErrorOf(error: unknown): PgError | null {
  return (error as { driverError?: PgError } | null)?.driverError ?? (error as PgError | null);
}

const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed-json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed-json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body-too-large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported-media-type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-content-length'],
  FST_ERR_VALIDATION: [400, 'validation-failed'],
};

/** Maps any thrown value to a problem; anything unexpected becomes a 500 that hides its details. */
export function toProblem(error: unknown, instance?: string): { problem: ProblemDetails; unexpected: boolean } {
  const requestId = RequestContext.requestId();
  // a problem's extensions stay at the top level (as RFC 9457 has them) and are its params too
  const make = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}): ProblemDetails => {
    const params = Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'errors'));
    return {
      type: `/problems/${code}`,
      code,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      instance,
      requestId,
      ...extra,
      params,
    };
  };

  if (error instanceof ValidationProblem) {
    return {
      problem: make(400, 'validation-failed', error.message, { errors: error.fieldErrors }),
      unexpected: false,
    };
  }
  if (error instanceof Problem) {
    return { problem: make(error.getStatus(), error.code, error.message, error.extensions), unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    let detail = error.message;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const message = response.message;
      detail = Array.isArray(message) ? message.join('; ') : String(message);
    }
    // Nest's own JSON body parser reports malformed JSON as a plain BadRequestException
    const code =
      status === 400 && /is not valid JSON/i.test(detail) ? 'malformed-json' : slug(TITLES[status] ?? 'error');
    return { problem: make(status, code, detail), unexpected: status >= 500 };
  }
  const fastifyCode = (error as { code?: string } | null)?.code;
  if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
    const [status, code] = FASTIFY_ERRORS[fastifyCode];
    return { problem: make(status, code, (error as Error).message), unexpected: false };
  }
  const statusCode = (error as { statusCode?: number } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      problem: make(statusCode, slug(TITLES[statusCode] ?? 'client-error'), (error as Error).message),
      unexpected: false,
    };
  }
  const pg = databaseErrorOf(error);
  switch (pg?.code) {
    case '23505':
      return { problem: make(409, 'already-exists', pg.detail ?? 'that resource already exists'), unexpected: false };
    case '23503':
      return {
        problem: make(409, 'reference-missing', pg.detail ?? 'a referenced resource does not exist'),
        unexpected: false,
      };
    // the text policy refuses NUL before any query; this is the backstop for text that bypassed it
    case '22021':
      return {
        problem: make(400, 'invalid-text', 'a text holds a character PostgreSQL cannot store (NUL)'),
        unexpected: false,
      };
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return { problem: make(400, 'invalid-value', 'a value is not of the expected form'), unexpected: false };
  }
  if (databaseOutOfReach(error, pg)) {
    return {
      problem: make(
        503,
        'service-unavailable',
        'The database is busy or out of reach for a moment; try again shortly.',
        {
          retryAfterSeconds: 1,
        },
      ),
      unexpected: false,
    };
  }
  return {
    problem: make(500, 'internal-error', 'Something went wrong on our side; quote the request id.'),
    unexpected: true,
  };
}

/**
 * PostgreSQL's classes 08 (connection exception) and 57P (operator intervention: a terminated backend, a server
 * shutting down or starting), 53300 (too many connections), and the pool's own words for "no connection came in
 * time" or "the connection went away": the request did not fail for what it asked, so it is a 503 to try again (a
 * checkout again with the same Idempotency-Key), not a 500.
 */
const UNREACHABLE_CODES = /^(08|57P0[1-3]$|53300$)/;
const UNREACHABLE_MESSAGES = /timeout exceeded when trying to connect|Connection terminated|connection timeout/i;

function databaseOutOfReach(error: unknown, pg: PgError | null | undefined): boolean {
  if (typeof pg?.code === 'string' && UNREACHABLE_CODES.test(pg.code)) {
    return true;
  }
  return error instanceof Error && UNREACHABLE_MESSAGES.test(error.message);
}

/** The one global filter: every error leaves as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(this.logger, exception, request, reply);
  }
}

export function sendProblem(logger: Logger, exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { problem, unexpected } = toProblem(exception, request.url);
  if (unexpected) {
    logger.error({ err: exception, url: request.url, method: request.method }, 'unexpected error');
  } else if (problem.status === 503) {
    logger.warn({ err: (exception as Error)?.message, url: request.url, method: request.method }, 'answered 503');
  }
  if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(problem.retryAfterSeconds));
  }
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

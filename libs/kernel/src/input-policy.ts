import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isUtf8 } from 'node:buffer';
import type { Logger } from 'pino';
import { Problem } from './problem';

/** How deep a JSON body may nest when `JSON_MAX_DEPTH` is unset. */
export const DEFAULT_JSON_MAX_DEPTH = 32;

export type InputLocation = 'query' | 'path' | 'header' | 'body';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Why a text cannot be accepted, or undefined when it is well-formed Unicode without NUL. */
export function textFault(text: string): string | undefined {
  if (text.includes('\u0000')) {
    return 'must not contain the NUL character (U+0000)';
  }
  if (LONE_SURROGATE.test(text)) {
    return 'must be valid Unicode (it holds a lone surrogate)';
  }
  return undefined;
}

// a proxied body is a stream and must not be walked; parsed JSON is plain objects, and a parsed query string an
// object whose prototype has no prototype of its own (fast-querystring's empty constructor)
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
}

/** A key as it can be shown in a field path: JSON escapes for what the key may not hold. */
const printable = (key: string): string => (textFault(key) ? JSON.stringify(key).slice(1, -1) : key);

/**
 * The first string (value or key, at any depth) that breaks the text policy, as `{ field, message }` with a dotted
 * path (`lines.0.name`). The depth was bounded by the JSON parser, so the walk is a plain loop over a stack.
 */
export function findTextFault(value: unknown, root = ''): { field: string; message: string } | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      const message = textFault(current);
      if (message) {
        return { field: path, message };
      }
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push([item, path ? `${path}.${index}` : String(index)]));
    } else if (isPlainObject(current)) {
      for (const [key, item] of Object.entries(current)) {
        const field = path ? `${path}.${printable(key)}` : printable(key);
        const message = textFault(key);
        if (message) {
          return { field, message: `the key ${message}` };
        }
        stack.push([item, field]);
      }
    }
  }
  return undefined;
}

/** The deepest nesting of arrays and objects in a JSON text, counted without parsing; stops once past `limit`. */
export function jsonDepthExceeds(body: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) {
        i++;
      } else if (byte === QUOTE) {
        inString = false;
      }
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) {
        return true;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export function invalidText(location: InputLocation, field: string, message: string): Problem {
  const name = location === 'body' || location === 'query' || location === 'path' ? field : `header ${field}`;
  return new Problem(400, 'invalid-text', `${name || 'the body'}: ${message}`, {
    errors: [{ field: name || 'body', rule: 'invalidText', message }],
    in: location,
  });
}

/**
 * The JSON body parser of every service: the bytes must be UTF-8 (invalid bytes would otherwise be stored as
 * U+FFFD) and nest at most `maxDepth` levels — checked on the raw bytes, before JSON.parse, class-transformer or
 * class-validator walk it (they recurse and overflow the stack on a deep body).
 */
export function jsonBodyParser(fastify: FastifyInstance, maxDepth: number) {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void): void => {
    if (jsonDepthExceeds(body, maxDepth)) {
      done(
        new Problem(400, 'json-too-deep', `the JSON body nests deeper than ${maxDepth} levels`, {
          errors: [
            { field: 'body', rule: 'maxDepth', limit: maxDepth, message: `must nest at most ${maxDepth} levels` },
          ],
          maxDepth,
        }),
      );
      return;
    }
    void parse(request, body.toString('utf8'), (error, parsed) => {
      if (error || isUtf8(body)) {
        done(error, parsed);
        return;
      }
      // the bytes were decoded with U+FFFD for what is not UTF-8; name the first field that got one
      const field = findReplacement(parsed) ?? '';
      done(invalidText('body', field, 'must be valid UTF-8 text'));
    });
  };
}

function findReplacement(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\uFFFD') ? path : undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.includes('\uFFFD')) {
        return field;
      }
      const found = findReplacement(item, field);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

/**
 * One text policy for every request, applied before any guard, pipe or handler: a NUL or a lone surrogate in a
 * path parameter, a query value (or key), a header or the parsed body is a 400 `invalid-text` that names the field.
 * PostgreSQL refuses NUL in text (a 500 otherwise) and would store a lone surrogate as U+FFFD.
 */
export function checkRequestText(request: FastifyRequest): Problem | undefined {
  const places: [InputLocation, unknown][] = [
    // a proxy's wildcard (`*`) is the whole path: the service behind it names the parameter
    ['path', { ...(request.params as object), '*': undefined }],
    ['query', request.query],
    ['body', request.body],
  ];
  for (const [location, value] of places) {
    const fault = findTextFault(value);
    if (fault) {
      return invalidText(location, fault.field, fault.message);
    }
  }
  for (const [name, value] of Object.entries(request.headers)) {
    const fault = findTextFault(value, name);
    if (fault) {
      return invalidText('header', name, fault.message);
    }
  }
  return undefined;
}

/**
 * The hook that applies {@link checkRequestText}. Each refusal is logged (a webhook refused this way is on record
 * with the provider's request id), and answered 400, which providers treat as final rather than resending.
 */
export function textPolicyHook(logger: Logger) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    const problem = checkRequestText(request);
    if (problem) {
      logger.warn(
        { method: request.method, url: request.routeOptions.url, refused: problem.extensions },
        'invalid text',
      );
    }
    done(problem);
  };
}

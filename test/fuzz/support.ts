import fc from 'fast-check';

/*
 * Request generators for the OpenAPI fuzz: from an operation of the gateway's merged document, arbitraries for its
 * path, query and body that mix values that look right (per the schema) with values that are wrong (other types,
 * missing required fields, extra fields, huge strings, negative numbers).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** The JSON body's schema, if the operation takes one. */
  body?: Schema;
  bodyRequired: boolean;
}

export interface FuzzRequest {
  path: string;
  query: Record<string, string | string[]>;
  /** undefined: no body at all. */
  body?: Json;
  /** A JSON text sent instead of `body`: nesting too deep to build and serialise as a value. */
  rawBody?: string;
}

const OPERATIONS = ['get', 'put', 'post', 'delete', 'patch'];
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every operation of an OpenAPI 3 document, with its parameters (path-level ones merged) and JSON body schema. */
export function operationsOf(document: Schema): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Schema>)) {
    const shared = (item.parameters ?? []) as Parameter[];
    for (const method of OPERATIONS) {
      const operation = item[method];
      if (!isObject(operation)) {
        continue;
      }
      const own = (operation.parameters ?? []) as Parameter[];
      const parameters = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      const requestBody = operation.requestBody as
        { required?: boolean; content?: Record<string, { schema?: Schema }> } | undefined;
      operations.push({
        method,
        path,
        operationId: (operation.operationId as string | undefined) ?? `${method} ${path}`,
        parameters: parameters.map((p) => resolve(document, p as unknown as Schema) as unknown as Parameter),
        body: requestBody?.content?.['application/json']?.schema,
        bodyRequired: requestBody?.required ?? false,
      });
    }
  }
  return operations;
}

/** Follows a local `$ref` (repeatedly), or returns the schema itself. */
export function resolve(document: Schema, schema: Schema): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
    const target = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), document);
    if (!isObject(target)) {
      return {};
    }
    current = target;
  }
  return current;
}

const HUGE = 'ж'.repeat(20_000);

/** Text PostgreSQL cannot store or would store altered: NUL, and lone surrogates (stored as U+FFFD). */
const HOSTILE_TEXT = ['ab\u0000cd', '\u0000', '\ud800', 'a\udc00b', '🍊\ud83c', '\ud83c\ud83c\udf4a'];

/** Numbers past 32 bits, past 2^53 (inexact) and past 64 bits. */
const HUGE_NUMBERS = [2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64];

/** A JSON object nested `levels` deep, as text: `{"a":{"a":…{}}}`. */
export const nestedJson = (levels: number): string => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);

/**
 * Bodies past the JSON depth limit (32): just past it, and deep enough to overflow a recursive walker
 * (class-transformer did at 10,000).
 */
export const deepBody: fc.Arbitrary<string> = fc.constantFrom(33, 100, 10_000).map(nestedJson);

/** Values that are wrong for almost any field. */
export const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -2_147_483_648, max: -1 }),
  fc.constantFrom(0, 1e308, -1e308, 1.5, Number.MAX_SAFE_INTEGER * 8),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', HUGE, '00000000-0000-0000-0000-000000000000', '1; DROP TABLE x', '\u0000', '2026-13-45'),
  fc.constantFrom(...HOSTILE_TEXT),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.constant<Json>({ ['na\u0000me']: 'x', ['\ud800']: 1 }),
  fc.constant<Json>({}),
  fc.constant<Json>([]),
  fc.constant<Json>({ nested: { deep: [1, 'two', null] } }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

const numberFor = (schema: Schema, integer: boolean): fc.Arbitrary<Json> => {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
  const inRange = integer
    ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof(
    { weight: 4, arbitrary: inRange },
    fc.constantFrom(min - 1, max + 1, -1, 0, 1e-7, 5e-324),
    fc.constantFrom(...HUGE_NUMBERS),
    fc.integer({ min: -1_000_000_000, max: -1 }),
  );
};

const stringFor = (schema: Schema): fc.Arbitrary<Json> => {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(schema.enum as Json[])) }, fc.string({ maxLength: 8 }));
  }
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  switch (schema.format) {
    case 'uuid':
      return fc.oneof({ weight: 3, arbitrary: fc.uuid() }, fc.string({ maxLength: 40 }));
    case 'date-time':
      return fc.oneof(
        fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc.constantFrom('2026-02-30T25:61:00Z', 'yesterday'),
      );
    case 'date':
      return fc.constantFrom('2026-11-22', '2026-02-30', 'not-a-date');
    case 'uri':
    case 'url':
      return fc.constantFrom('https://img.example.cn/a.jpg', 'ftp://x', 'not a url');
    default:
      return fc.oneof(
        { weight: 4, arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, 60)) }) },
        fc.string({ minLength: maxLength + 1, maxLength: maxLength + 5 }),
        fc.string({ unit: 'grapheme', maxLength: 10 }),
        fc.constant(HUGE),
        fc.constantFrom('360722', '360722100201', '13800138000', '91360722MA35ABCDEF'),
        fc.constantFrom(...HOSTILE_TEXT),
      );
  }
};

/** A value for `schema`: mostly of the right shape, sometimes wrong. */
export function valueFor(document: Schema, raw: Schema, depth = 0): fc.Arbitrary<Json> {
  const schema = resolve(document, raw);
  const alternatives = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0 && depth < 4) {
    return fc.oneof(...alternatives.map((alternative) => valueFor(document, alternative, depth + 1)));
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0 && depth < 4) {
    const merged = (schema.allOf as Schema[]).reduce<Schema>((all, part) => {
      const resolved = resolve(document, part);
      return {
        ...all,
        ...resolved,
        properties: { ...(all.properties as Schema), ...(resolved.properties as Schema) },
        required: [...((all.required as string[]) ?? []), ...((resolved.required as string[]) ?? [])],
      };
    }, {});
    return valueFor(document, merged, depth + 1);
  }
  const right = ((): fc.Arbitrary<Json> => {
    if (Array.isArray(schema.enum) && schema.type !== 'string' && schema.enum.length > 0) {
      return fc.constantFrom(...(schema.enum as Json[]));
    }
    switch (schema.type) {
      case 'string':
        return stringFor(schema);
      case 'integer':
        return numberFor(schema, true);
      case 'number':
        return numberFor(schema, false);
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth >= 4
          ? fc.constant([])
          : fc.array(valueFor(document, (schema.items as Schema) ?? {}, depth + 1), { maxLength: 3 });
      case 'object':
      default:
        if (isObject(schema.properties) && depth < 4) {
          return objectFor(document, schema, depth + 1);
        }
        return schema.type === 'object' || schema.type === undefined
          ? fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), {
              maxKeys: 3,
            })
          : wrongValue;
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: wrongValue });
}

/** An object of `schema`'s properties: sometimes all required ones, sometimes some missing, sometimes extras. */
export function objectFor(document: Schema, schema: Schema, depth = 0): fc.Arbitrary<Json> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = ((schema.required as string[] | undefined) ?? []).filter((name) => name in properties);
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, valueFor(document, property, depth)]),
  ) as Record<string, fc.Arbitrary<Json>>;
  const complete = fc.record(model, { requiredKeys: required });
  const partial = fc.record(model, { requiredKeys: [] });
  const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), wrongValue, { minKeys: 1, maxKeys: 2 });
  return fc.oneof(
    { weight: 4, arbitrary: complete },
    { weight: 2, arbitrary: partial },
    { weight: 1, arbitrary: fc.tuple(complete, extra).map(([object, more]) => ({ ...more, ...(object as object) })) },
  ) as fc.Arbitrary<Json>;
}

/**
 * Longest path parameter sent: well past Fastify's `maxParamLength` (100), whose 414 must be problem+json too
 * (createHttpApp's `frameworkErrors`).
 */
export const MAX_PATH_PARAM = 300;

/**
 * Longest query value sent: past Node's 16 KiB limit for the request line and headers, whose 431 must be
 * problem+json too (createHttpApp's `clientErrorHandler`).
 */
export const MAX_QUERY_VALUE = 20_000;

/** A path parameter: a real id the world knows of, a random uuid, or a random string (URL-encoded). */
export function pathValue(knownIds: string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...knownIds) },
      { weight: 3, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }) },
      fc.constantFrom('-1', '0', '99999999999999999999', 'null', '..', 'a'.repeat(MAX_PATH_PARAM), 'x.y', ' '),
    )
    .map((value) => encodeURIComponent(value))
    .filter((value) => value.length <= MAX_PATH_PARAM)
    .chain((value) =>
      // already encoded: a NUL, and a lone surrogate as the bytes it would have in UTF-8 (not valid UTF-8)
      fc.oneof({ weight: 9, arbitrary: fc.constant(value) }, fc.constantFrom('ab%00cd', '%ED%A0%80', 'a%F0%9F')),
    );
}

/**
 * A URL cannot carry a lone surrogate (encodeURIComponent throws): it is sent as U+FFFD, which is what a client's
 * encoder would do. NUL is sent as %00.
 */
const forUrl = (text: string): string =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const queryValue = (document: Schema, parameter: Parameter): fc.Arbitrary<string | string[]> =>
  valueFor(document, parameter.schema ?? {}).map((value): string | string[] => {
    if (Array.isArray(value)) {
      return value.map((item) =>
        forUrl(typeof item === 'string' ? item : JSON.stringify(item)).slice(0, MAX_QUERY_VALUE),
      );
    }
    return forUrl(typeof value === 'string' ? value : JSON.stringify(value)).slice(0, MAX_QUERY_VALUE);
  });

/** A whole request to `operation`. */
export function requestFor(document: Schema, operation: Operation, knownIds: string[]): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const path = fc
    .tuple(...pathParams.map(() => pathValue(knownIds)))
    .map((values) =>
      pathParams.reduce(
        (built, parameter, index) => built.replace(`{${parameter.name}}`, values[index]),
        operation.path,
      ),
    );
  const queryModel = Object.fromEntries(queryParams.map((p) => [p.name, queryValue(document, p)]));
  const query = fc
    .tuple(
      fc.record(queryModel, { requiredKeys: [] }),
      fc.option(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).map(forUrl), fc.string({ maxLength: 8 }).map(forUrl), {
          maxKeys: 2,
        }),
        { freq: 4, nil: {} },
      ),
    )
    .map(([known, extra]) => ({ ...extra, ...known }) as Record<string, string | string[]>);
  const body: fc.Arbitrary<Json | undefined> = operation.body
    ? fc.oneof(
        { weight: 8, arbitrary: valueFor(document, operation.body) },
        { weight: 1, arbitrary: wrongValue },
        { weight: 1, arbitrary: fc.constant(undefined) },
      )
    : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: wrongValue });
  const rawBody = fc.option(deepBody, { freq: 12, nil: undefined });
  return fc
    .record({ path, query, body, rawBody }, { requiredKeys: ['path', 'query'] })
    .map(({ rawBody: raw, ...rest }) => (raw === undefined ? rest : { ...rest, rawBody: raw }));
}

import { ServiceName } from '@countyflow/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';

/** One service's own OpenAPI document, as its `/docs-json` serves it. */
export interface ServiceDocument {
  service: ServiceName;
  document: OpenAPIObject;
}

/** A service whose document could not be fetched, and why. */
export interface MissingDocument {
  service: ServiceName;
  reason: string;
}

type Json = unknown;
type JsonObject = Record<string, Json>;

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const COMPONENT_REF = /^#\/components\/([^/]+)\/(.+)$/;
/** Security requirements name their scheme without a $ref, so scheme names stay as they are (all use `bearer`). */
const SHARED_KINDS = new Set(['securitySchemes']);

const isObject = (value: Json): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const unescapePointer = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');
const escapePointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** `identity` → `Identity`: the prefix of that service's component names and operation ids. */
export const namespaceOf = (service: ServiceName): string => service.charAt(0).toUpperCase() + service.slice(1);

class Namespacer {
  private readonly prefix: string;

  constructor(service: ServiceName) {
    this.prefix = namespaceOf(service);
  }

  name(kind: string, name: string): string {
    return SHARED_KINDS.has(kind) ? name : `${this.prefix}${name}`;
  }

  ref(ref: string): string {
    const match = COMPONENT_REF.exec(ref);
    if (!match) {
      return ref;
    }
    const [, kind, name] = match;
    return `#/components/${kind}/${escapePointer(this.name(kind, unescapePointer(name)))}`;
  }

  /** A deep copy with every component reference (`$ref`, discriminator mappings) renamed. */
  rewrite(value: Json): Json {
    if (Array.isArray(value)) {
      return value.map((item) => this.rewrite(item));
    }
    if (!isObject(value)) {
      return value;
    }
    const copy: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        copy[key] = this.ref(child);
      } else if (key === 'discriminator' && isObject(child) && isObject(child.mapping)) {
        const mapping = Object.entries(child.mapping).map(([tag, ref]): [string, Json] => [
          tag,
          typeof ref === 'string' ? this.ref(ref) : ref,
        ]);
        copy[key] = { ...child, mapping: Object.fromEntries(mapping) };
      } else {
        copy[key] = this.rewrite(child);
      }
    }
    return copy;
  }

  operationId(id: string): string {
    return `${this.prefix}${id}`;
  }
}

/** The gateway's own operations (full paths, `Gateway`-prefixed schema names), added as they are. */
export interface GatewayOperations {
  paths: OpenAPIObject['paths'];
  schemas: Record<string, unknown>;
}

/**
 * Merges the services' documents into the one the gateway serves: paths move under `/api/<service>`, component
 * names (and every reference to them) and operation ids get the service's prefix so that two services' `OrderDto`
 * cannot collide, and tags are merged by name. Services whose documents are missing are named in the description.
 * The gateway's own operations (`own`, e.g. the statistics export) join as written.
 */
export function mergeOpenApi(
  found: ServiceDocument[],
  missing: MissingDocument[],
  own: GatewayOperations = { paths: {}, schemas: {} },
): OpenAPIObject {
  const paths: JsonObject = {};
  const components: Record<string, JsonObject> = {};
  const tags = new Map<string, JsonObject>();
  const addTag = (tag: JsonObject) => {
    if (typeof tag.name === 'string' && !tags.has(tag.name)) {
      tags.set(tag.name, tag);
    }
  };

  for (const { service, document } of found) {
    const namespace = new Namespacer(service);
    for (const tag of document.tags ?? []) {
      addTag(tag as unknown as JsonObject);
    }
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const rewritten = namespace.rewrite(item) as JsonObject;
      for (const method of OPERATIONS) {
        const operation = rewritten[method];
        if (!isObject(operation)) {
          continue;
        }
        if (typeof operation.operationId === 'string') {
          operation.operationId = namespace.operationId(operation.operationId);
        }
        for (const tag of Array.isArray(operation.tags) ? operation.tags : []) {
          addTag({ name: tag });
        }
      }
      paths[`/api/${service}${path === '/' ? '' : path}`] = rewritten;
    }
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      if (!isObject(entries)) {
        continue;
      }
      const merged = (components[kind] ??= {});
      for (const [name, definition] of Object.entries(entries)) {
        merged[namespace.name(kind, name)] ??= namespace.rewrite(definition);
      }
    }
  }

  for (const [path, item] of Object.entries(own.paths)) {
    paths[path] = item;
    for (const method of OPERATIONS) {
      const operation = (item as unknown as JsonObject)[method];
      for (const tag of isObject(operation) && Array.isArray(operation.tags) ? operation.tags : []) {
        addTag({ name: tag });
      }
    }
  }
  Object.assign((components.schemas ??= {}), own.schemas);

  return {
    openapi: found[0]?.document.openapi ?? '3.0.0',
    info: { title: 'CountyFlow API', version: '1', description: describe(found, missing) },
    tags: [...tags.values()],
    paths,
    components,
    'x-unavailable-services': missing.map((entry) => entry.service),
  } as unknown as OpenAPIObject;
}

function describe(found: ServiceDocument[], missing: MissingDocument[]): string {
  const lines = [
    'Every CountyFlow service behind the gateway: the API of service `<service>` is at `/api/<service>/…`. ' +
      'Schema names carry their service as a prefix (`IdentityRegisterDto`).',
    '',
    `Services: ${found.map((entry) => entry.service).join(', ') || 'none'}.`,
  ];
  if (missing.length > 0) {
    lines.push(
      '',
      `**Not available right now:** ${missing.map((entry) => `${entry.service} (${entry.reason})`).join(', ')}. ` +
        'Their operations are missing from this page; reload it in a few seconds.',
    );
  }
  return lines.join('\n');
}

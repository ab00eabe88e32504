import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GatewayConfig, upstreamsOf } from '../gateway.config';
import { GATEWAY_SCHEMAS, STATISTICS_EXPORT_PATHS } from '../statistics/statistics-export.openapi';
import { mergeOpenApi, MissingDocument, ServiceDocument } from './openapi-merge';
import { OpenApiSource } from './openapi-source';

/** fetch() fails with a bare "fetch failed"; what went wrong is in its cause. */
const reasonOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};

@Injectable()
export class DocsService {
  private cached?: { document: Promise<OpenAPIObject>; expiresAt: number };

  constructor(
    private readonly config: GatewayConfig,
    private readonly source: OpenApiSource,
  ) {}

  /** The merged document, rebuilt at most once per `docsCacheMs`; concurrent callers share one rebuild. */
  document(): Promise<OpenAPIObject> {
    const now = Date.now();
    if (!this.cached || this.cached.expiresAt <= now) {
      this.cached = { document: this.build(), expiresAt: now + this.config.docsCacheMs };
    }
    return this.cached.document;
  }

  private async build(): Promise<OpenAPIObject> {
    const upstreams = upstreamsOf(this.config);
    const results = await Promise.allSettled(upstreams.map((upstream) => this.source.fetch(upstream)));
    const found: ServiceDocument[] = [];
    const missing: MissingDocument[] = [];
    results.forEach((result, index) => {
      const { service } = upstreams[index];
      if (result.status === 'fulfilled') {
        found.push({ service, document: result.value });
      } else {
        missing.push({ service, reason: reasonOf(result.reason) });
      }
    });
    return mergeOpenApi(found, missing, { paths: STATISTICS_EXPORT_PATHS, schemas: GATEWAY_SCHEMAS });
  }
}

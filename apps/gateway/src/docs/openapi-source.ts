import { RequestContext } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Upstream } from '../gateway.config';

const FETCH_TIMEOUT_MS = 3_000;

/** Reads a service's own OpenAPI document over HTTP. */
@Injectable()
export class OpenApiSource {
  async fetch(upstream: Upstream): Promise<OpenAPIObject> {
    const requestId = RequestContext.requestId();
    const response = await fetch(`${upstream.url}/docs-json`, {
      headers: requestId ? { 'x-request-id': requestId } : {},
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw new Error(`answered ${response.status}`);
    }
    return (await response.json()) as OpenAPIObject;
  }
}

import { MediaStorage, StoredObject } from './media-storage';
import { amzDate, sha256Hex, sigV4Authorization, SigV4Request, uriEncode } from './sigv4';

export interface S3Settings {
  /** e.g. `https://s3.cn-north-1.amazonaws.com.cn`, `https://oss-cn-hangzhou.aliyuncs.com`, a MinIO URL. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  timeoutMs?: number;
}

/**
 * S3-compatible object storage over plain HTTP: PutObject, GetObject and DeleteObject, path-style addressing
 * (`<endpoint>/<bucket>/<key>`), each request signed with AWS Signature Version 4 over its payload's SHA-256.
 */
export class S3Storage extends MediaStorage {
  constructor(
    private readonly settings: S3Settings,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const response = await this.send('PUT', key, body, { 'content-type': contentType });
    if (!response.ok) {
      throw new Error(`S3 PutObject ${key} answered ${response.status}: ${await response.text()}`);
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const response = await this.send('GET', key, Buffer.alloc(0), {});
    if (response.status === 404) {
      return null;
    }
    if (!response.ok) {
      throw new Error(`S3 GetObject ${key} answered ${response.status}: ${await response.text()}`);
    }
    return {
      body: Buffer.from(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  async delete(key: string): Promise<void> {
    const response = await this.send('DELETE', key, Buffer.alloc(0), {});
    if (!response.ok && response.status !== 404) {
      throw new Error(`S3 DeleteObject ${key} answered ${response.status}: ${await response.text()}`);
    }
  }

  private send(
    method: 'GET' | 'PUT' | 'DELETE',
    key: string,
    body: Buffer,
    extra: Record<string, string>,
  ): Promise<Response> {
    const endpoint = new URL(this.settings.endpoint);
    const base = endpoint.pathname.replace(/\/$/, '');
    const path = `${base}/${uriEncode(this.settings.bucket)}/${key.split('/').map(uriEncode).join('/')}`;
    const headers: Record<string, string> = {
      host: endpoint.host,
      'x-amz-date': amzDate(this.now()),
      'x-amz-content-sha256': sha256Hex(body),
      ...extra,
    };
    const request: SigV4Request = { method, path, query: '', headers, payloadHash: headers['x-amz-content-sha256'] };
    const authorization = sigV4Authorization(request, { ...this.settings, service: 's3' });
    // fetch sets Host itself, to the same value
    const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'host'));
    return fetch(new URL(path, endpoint.origin), {
      method,
      headers: { ...sent, authorization },
      body: method === 'PUT' ? new Uint8Array(body) : undefined,
      signal: AbortSignal.timeout(this.settings.timeoutMs ?? 15_000),
    });
  }
}

import { sha256Hex, SigV4Request, sigV4Signature } from '@countyflow/media';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local S3 that speaks PutObject and GetObject, path-style, and admits a request only when its AWS Signature
 * Version 4 is right for keys made here (a fresh random pair per fake): the signature over the signed headers, the
 * payload matching `x-amz-content-sha256`, a date within 15 minutes. Refusals are S3's XML errors.
 */
export class FakeS3 {
  readonly accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  readonly secretAccessKey = randomBytes(30).toString('base64');
  readonly region = 'cn-north-1';
  readonly bucket = 'countyflow-media';
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();
  /** Every request that arrived, with what the fake answered. */
  readonly requests: { method: string; path: string; status: number }[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', this.url);
    const refusal = this.refusal(request, url, body);
    const answer = (status: number, payload: Buffer | string, type: string): void => {
      this.requests.push({ method: request.method ?? '', path: url.pathname, status });
      response.writeHead(status, { 'content-type': type }).end(payload);
    };
    if (refusal) {
      answer(403, s3Error(refusal, url.pathname), 'application/xml');
      return;
    }
    const prefix = `/${this.bucket}/`;
    if (!url.pathname.startsWith(prefix)) {
      answer(404, s3Error('NoSuchBucket', url.pathname), 'application/xml');
      return;
    }
    const key = decodeURIComponent(url.pathname.slice(prefix.length));
    if (request.method === 'PUT') {
      this.objects.set(key, { body, contentType: request.headers['content-type'] ?? 'binary/octet-stream' });
      answer(200, '', 'text/plain');
    } else if (request.method === 'GET') {
      const object = this.objects.get(key);
      if (object) {
        answer(200, object.body, object.contentType);
      } else {
        answer(404, s3Error('NoSuchKey', url.pathname), 'application/xml');
      }
    } else if (request.method === 'DELETE') {
      // S3 answers 204 whether or not the key was there
      this.objects.delete(key);
      answer(204, '', 'text/plain');
    } else {
      answer(405, s3Error('MethodNotAllowed', url.pathname), 'application/xml');
    }
  }

  /** Why the request's signature is refused (an S3 error code), or null when it is right. */
  private refusal(request: IncomingMessage, url: URL, body: Buffer): string | null {
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        request.headers.authorization ?? '',
      );
    if (!match) {
      return 'AccessDenied';
    }
    const [, accessKeyId, day, region, signedHeaders, signature] = match;
    if (accessKeyId !== this.accessKeyId) {
      return 'InvalidAccessKeyId';
    }
    const date = String(request.headers['x-amz-date'] ?? '');
    const at = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    if (!date.startsWith(day) || region !== this.region || !(Math.abs(Date.now() - at) < 15 * 60_000)) {
      return 'RequestTimeTooSkewed';
    }
    const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
    if (payloadHash !== sha256Hex(body)) {
      return 'XAmzContentSHA256Mismatch';
    }
    const names = signedHeaders.split(';');
    if (!['host', 'x-amz-date', 'x-amz-content-sha256'].every((name) => names.includes(name))) {
      return 'AccessDenied';
    }
    const signed: SigV4Request = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      headers: Object.fromEntries(names.map((name) => [name, String(request.headers[name] ?? '')])),
      payloadHash,
    };
    const expected = sigV4Signature(
      signed,
      { accessKeyId, secretAccessKey: this.secretAccessKey, region, service: 's3' },
      date,
    );
    return timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? null : 'SignatureDoesNotMatch';
  }
}

const s3Error = (code: string, resource: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Resource>${resource}</Resource></Error>`;

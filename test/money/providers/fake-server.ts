import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A real HTTP server on a free local port that answers with `handle` (a provider's fake stands behind it). */
export class FakeHttpServer {
  private server: Server | null = null;
  /** Every request received, in order. */
  readonly received: FakeRequest[] = [];

  constructor(private readonly handle: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>) {}

  /** Listens on `port` (0: a free one; a fake restarted after `stop` passes its old port to be found again). */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
    }
    const request = {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    };
    this.received.push(request);
    let response: FakeResponse;
    try {
      response = await this.handle(request);
    } catch (error) {
      response = { status: 500, body: JSON.stringify({ code: 'SYSTEM_ERROR', message: (error as Error).message }) };
    }
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body ?? '');
  }
}

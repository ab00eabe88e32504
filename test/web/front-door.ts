import { createServer, request as forward, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The platform's public address, as a reverse proxy in front of the gateway gives it in production: it listens
 * before the platform starts (so the payment provider's notify and return addresses can be configured with it) and
 * passes every request, unchanged, to the gateway once `target` is set. The browser and the providers' fakes use it.
 */
export class FrontDoor {
  url = '';
  /** The gateway's URL, set once the platform runs. */
  target = '';
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((incoming, outgoing) => {
      if (!this.target) {
        outgoing.writeHead(503).end('the platform is starting');
        return;
      }
      const upstream = new URL(this.target);
      const proxied = forward(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: upstream.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      proxied.on('error', () => outgoing.headersSent || outgoing.writeHead(502).end());
      incoming.pipe(proxied);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

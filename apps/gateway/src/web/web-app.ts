import { LOGGER, Problem, sendProblem } from '@countyflow/kernel';
import fastifyStatic from '@fastify/static';
import { Inject, Injectable } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import type { Logger } from 'pino';
import { GatewayConfig } from '../gateway.config';

/** Paths the web app never answers: the gateway's own routes and the APIs keep their 404 problems. */
const RESERVED_PREFIXES = ['/api', '/docs', '/docs-json', '/admin', '/health', '/ready', '/metrics'];

/** Vite puts every hashed file under /assets/: its name changes with its content, so it may be kept for a year. */
const HASHED_ASSET = /^assets\//;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=3600';
/** The page itself is always revalidated, so a deploy reaches every browser at its next navigation. */
const REVALIDATE = 'no-cache';

/**
 * The web app's Content-Security-Policy (helmet, on the web route only; the APIs answer JSON and keep the kernel's
 * headers): its own scripts and styles, images from itself, data: URIs (QR codes) and https (listing photos), and
 * fetch() to its own origin (the gateway). No inline scripts, no framing.
 */
const WEB_CSP = {
  useDefaults: true,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    // the gateway is often reached over plain http (localhost, a county's LAN); upgrading would break it
    upgradeInsecureRequests: null,
  },
};

const isReservedPath = (path: string): boolean =>
  RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/**
 * Serves the built web app (apps/web/dist) at `/`: its files, and index.html for any other GET that is not an API
 * or gateway path, so that the browser's router can take deep links (`/orders/…`, `/trace/…`).
 */
@Injectable()
export class WebApp {
  private readonly root: string;

  constructor(
    config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.root = resolve(config.webDistDir);
  }

  async mount(app: NestFastifyApplication): Promise<void> {
    await app.register(async (scope: FastifyInstance) => {
      await scope.register(fastifyStatic, {
        root: this.root,
        serve: false,
        cacheControl: false,
        suppressWarning: true,
      });
      scope.route({
        method: 'GET',
        url: '/*',
        helmet: { contentSecurityPolicy: WEB_CSP },
        handler: (request, reply) => this.serve(request, reply),
      });
    });
    if (!this.fileExists('index.html')) {
      this.logger.warn({ root: this.root }, 'the web app is not built (npm run build); / answers 503 until it is');
    }
  }

  private serve(request: FastifyRequest, reply: FastifyReply): FastifyReply | void {
    const path = request.url.split('?')[0];
    if (isReservedPath(path)) {
      return reply.callNotFound();
    }
    let file: string;
    try {
      file = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return reply.callNotFound();
    }
    if (file.split(/[\\/]/).includes('..')) {
      return reply.callNotFound();
    }
    if (file !== '' && file !== 'index.html' && this.fileExists(file)) {
      return reply
        .header('cache-control', HASHED_ASSET.test(file) ? IMMUTABLE : SHORT)
        .sendFile(file, this.root, { cacheControl: false });
    }
    // a missing file (a stale hashed asset, a typo) is a 404, not the page: a script must never get HTML
    if (extname(file) !== '' && file !== 'index.html') {
      return reply.callNotFound();
    }
    if (!this.fileExists('index.html')) {
      sendProblem(
        this.logger,
        new Problem(503, 'web-app-not-built', `the web app is not built in ${this.root}: run npm run build`),
        request,
        reply,
      );
      return;
    }
    return reply.header('cache-control', REVALIDATE).sendFile('index.html', this.root, { cacheControl: false });
  }

  /** A regular file inside the root (never outside it, whatever the path says). */
  private fileExists(file: string): boolean {
    const full = resolve(this.root, file);
    if (!full.startsWith(this.root + sep)) {
      return false;
    }
    try {
      return statSync(full).isFile();
    } catch {
      return false;
    }
  }
}

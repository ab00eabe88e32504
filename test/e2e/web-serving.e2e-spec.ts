import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';
import { RunningGateway, startGateway } from '../support/gateway';
import { Platform, startPlatform } from '../support/platform';

const PROBLEM = /^application\/problem\+json/;
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>';

/**
 * The gateway serves the built web app at `/` with an SPA fallback, next to (never in front of) the APIs and its
 * own routes. A small stand-in for apps/web/dist keeps this test independent of the real build.
 */
describe('the gateway serving the web app', () => {
  let platform: Platform;
  let gateway: RunningGateway;
  let api: string;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'countyflow-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), 'console.log("app");');
    writeFileSync(join(dist, 'assets', 'index-Ef56Gh78.css'), 'body{margin:0}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    platform = await startPlatform({ services: ['identity'] });
    gateway = await startGateway(platform, { webDistDir: dist });
    api = gateway.url;
  });

  afterAll(async () => {
    await gateway?.close();
    await platform?.stop();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / , revalidated on every visit, with a CSP that allows the app', async () => {
    const page = await request(api).get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toBe(INDEX);
    expect(page.headers['cache-control']).toBe('no-cache');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob: https:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers the app’s own paths (deep links, reloads) with index.html', async () => {
    for (const path of [
      '/orders/0b7c1e5a-4c1e-4a57-9d6b-1b0e6b7e2a11',
      '/trace/CF-ABC123?from=qr',
      '/search',
      '/index.html',
    ]) {
      const page = await request(api).get(path).expect(200);
      expect(page.text).toBe(INDEX);
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    await request(api).head('/basket').expect(200);
  });

  it('serves hashed assets for a year and other files for an hour', async () => {
    const script = await request(api).get('/assets/index-Ab12Cd34.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers.etag).toBeDefined();

    const style = await request(api).get('/assets/index-Ef56Gh78.css').expect(200);
    expect(style.headers['content-type']).toMatch(/^text\/css/);

    const icon = await request(api).get('/favicon.svg').expect(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('answers a missing file with a 404 problem, never with the page', async () => {
    for (const path of [
      '/assets/index-Old00000.js',
      '/robots.txt',
      '/..%2f..%2fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const response = await request(api).get(path);
      expect([400, 403, 404]).toContain(response.status);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    }
  });

  it('leaves the APIs and the gateway’s own routes alone', async () => {
    const gatewayMiss = await request(api).get('/api/nowhere/at-all').expect(404);
    expect(gatewayMiss.headers['content-type']).toMatch(PROBLEM);
    expect(gatewayMiss.body).toMatchObject({ status: 404, instance: '/api/nowhere/at-all' });

    const refused = await request(api).get('/api/identity/me').expect(401);
    expect(refused.body).toMatchObject({ type: '/problems/unauthenticated', instance: '/me' });

    const docs = await request(api).get('/docs').expect(200);
    expect(docs.text).toContain('swagger-ui');
    await request(api).get('/docs/index.html').expect(404);
    const document = await request(api).get('/docs-json').expect(200);
    expect(document.body.openapi).toBeDefined();

    await request(api).get('/admin/queues').expect(401);
    for (const path of ['/admin', '/admin/elsewhere', '/health/deep', '/ready/x', '/metrics/x', '/docs-json/x']) {
      const response = await request(api).get(path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    }
    await request(api).get('/health').expect(200);
    const metrics = await request(api).get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration');
    // only GET and HEAD fall back to the page
    const posted = await request(api).post('/orders').send({}).expect(404);
    expect(posted.headers['content-type']).toMatch(PROBLEM);
  });

  it('says so when the web app is not built, and keeps serving the APIs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'countyflow-web-empty-'));
    const bare = await startGateway(platform, { webDistDir: empty });
    try {
      const response = await request(bare.url).get('/').expect(503);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ type: '/problems/web-app-not-built' });
      expect(response.body.detail).toContain('npm run build');
      await request(bare.url).get('/api/identity/me').expect(401);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serves apps/web/dist by default, or WEB_DIST_DIR', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'test' }).webDistDir).toBe(resolve('apps/web/dist'));
    expect(loadGatewayConfig({ NODE_ENV: 'test', WEB_DIST_DIR: '/srv/web' }).webDistDir).toBe('/srv/web');
  });
});

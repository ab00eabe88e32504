import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { dirname } from 'node:path';

/** swagger-ui-dist comes with @nestjs/swagger; only the files the page below loads are served. */
const ASSETS = new Set([
  '/swagger-ui.css',
  '/swagger-ui-bundle.js',
  '/swagger-ui-standalone-preset.js',
  '/favicon-32x32.png',
  '/favicon-16x16.png',
]);

export const SWAGGER_UI_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <title>CountyFlow API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
  <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/swagger-init.js"></script>
</body>
</html>
`;

export const SWAGGER_UI_INIT = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/docs-json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/** Serves Swagger UI's static files under `/docs/`; the page and its init script are routes of DocsController. */
export async function mountSwaggerUiAssets(app: NestFastifyApplication): Promise<void> {
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  await app.register(async (scope: FastifyInstance) => {
    await scope.register(fastifyStatic, {
      root,
      prefix: '/docs/',
      decorateReply: false,
      index: false,
      allowedPath: (path) => ASSETS.has(path),
    });
  });
}

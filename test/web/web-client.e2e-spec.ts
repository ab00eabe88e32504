import { readFileSync } from 'node:fs';
import { generateSchema, SCHEMA_PATH } from '../../scripts/web-client';

/*
 * The web app's API types are generated from the services' OpenAPI documents and checked in; this fails when a
 * DTO or controller changed without regenerating them, so the web app can never drift from the server unseen.
 */
describe('web client schema (apps/web/src/api/schema.d.ts)', () => {
  it('is what `npm run web:client` generates from the services today', async () => {
    const generated = await generateSchema();
    const checkedIn = readFileSync(SCHEMA_PATH, 'utf8');
    if (generated !== checkedIn) {
      throw new Error('apps/web/src/api/schema.d.ts is out of date with the services: run `npm run web:client`');
    }
    expect(checkedIn).toContain("'/api/orders/checkout'");
  }, 60_000);
});

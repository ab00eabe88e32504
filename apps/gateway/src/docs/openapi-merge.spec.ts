import { ServiceName } from '@countyflow/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeOpenApi } from './openapi-merge';

const document = (overrides: Partial<OpenAPIObject>): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: 'a service', version: '1' },
  paths: {},
  ...overrides,
});

const identity = document({
  tags: [{ name: 'auth', description: 'accounts' }],
  paths: {
    '/auth/register': {
      post: {
        operationId: 'AuthController_register',
        tags: ['auth'],
        requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderDto' } } } },
        responses: { '201': { description: '' } },
      },
    },
  },
  components: {
    schemas: {
      OrderDto: {
        type: 'object',
        properties: { lines: { type: 'array', items: { $ref: '#/components/schemas/Line~1Item' } } },
      },
      'Line/Item': { type: 'object' },
    },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
});

const catalog = document({
  paths: {
    '/sellers/{orgId}': {
      get: {
        operationId: 'SellerController_get',
        tags: ['sellers', 'auth'],
        responses: {
          '200': {
            description: '',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderDto' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      OrderDto: {
        oneOf: [{ $ref: '#/components/schemas/Paid' }],
        discriminator: { propertyName: 'status', mapping: { paid: '#/components/schemas/Paid' } },
      },
      Paid: { type: 'object' },
    },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
});

describe(mergeOpenApi.name, () => {
  const sut = mergeOpenApi(
    [
      { service: ServiceName.Identity, document: identity },
      { service: ServiceName.Catalog, document: catalog },
    ],
    [{ service: ServiceName.Orders, reason: 'ECONNREFUSED' }],
  ) as OpenAPIObject & { 'x-unavailable-services': string[] };

  it('moves every path under /api/<service>', () => {
    expect(Object.keys(sut.paths)).toEqual(['/api/identity/auth/register', '/api/catalog/sellers/{orgId}']);
  });

  it('keeps same-named schemas of two services apart and rewrites the references to them', () => {
    expect(Object.keys(sut.components!.schemas!)).toEqual([
      'IdentityOrderDto',
      'IdentityLine/Item',
      'CatalogOrderDto',
      'CatalogPaid',
    ]);
    expect(JSON.stringify(sut.paths['/api/identity/auth/register'])).toContain('#/components/schemas/IdentityOrderDto');
    expect(JSON.stringify(sut.paths['/api/catalog/sellers/{orgId}'])).toContain('#/components/schemas/CatalogOrderDto');
    expect(sut.components!.schemas!.IdentityOrderDto).toMatchObject({
      properties: { lines: { items: { $ref: '#/components/schemas/IdentityLine~1Item' } } },
    });
    expect(sut.components!.schemas!.CatalogOrderDto).toEqual({
      oneOf: [{ $ref: '#/components/schemas/CatalogPaid' }],
      discriminator: { propertyName: 'status', mapping: { paid: '#/components/schemas/CatalogPaid' } },
    });
  });

  it('does not change the documents it was given', () => {
    expect(catalog.components!.schemas!.OrderDto).toMatchObject({ oneOf: [{ $ref: '#/components/schemas/Paid' }] });
  });

  it('keeps operation ids unique and security schemes shared', () => {
    expect(sut.paths['/api/identity/auth/register'].post!.operationId).toBe('IdentityAuthController_register');
    expect(sut.paths['/api/catalog/sellers/{orgId}'].get!.operationId).toBe('CatalogSellerController_get');
    expect(sut.components!.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
  });

  it('merges tags by name, keeping their descriptions', () => {
    expect(sut.tags).toEqual([{ name: 'auth', description: 'accounts' }, { name: 'sellers' }]);
  });

  it('names the services whose documents are missing', () => {
    expect(sut['x-unavailable-services']).toEqual(['orders']);
    expect(sut.info.description).toContain('orders (ECONNREFUSED)');
  });
});

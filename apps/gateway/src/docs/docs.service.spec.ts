import { ServiceName } from '@countyflow/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadGatewayConfig, Upstream } from '../gateway.config';
import { DocsService } from './docs.service';

describe(DocsService.name, () => {
  const config = loadGatewayConfig({ NODE_ENV: 'test' }, { docsCacheMs: 10_000 });
  let fetch: jest.Mock<Promise<OpenAPIObject>, [Upstream]>;
  let sut: DocsService;

  beforeEach(() => {
    fetch = jest.fn((upstream: Upstream) =>
      upstream.service === ServiceName.Orders
        ? Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))
        : Promise.resolve({ openapi: '3.0.0', info: { title: upstream.service, version: '1' }, paths: { '/x': {} } }),
    );
    sut = new DocsService(config, { fetch });
  });

  it('merges what it could fetch and names what it could not', async () => {
    const document = (await sut.document()) as OpenAPIObject & { 'x-unavailable-services': string[] };
    expect(Object.keys(document.paths)).toEqual([
      '/api/identity/x',
      '/api/catalog/x',
      '/api/logistics/x',
      '/api/statistics/export',
    ]);
    expect(document['x-unavailable-services']).toEqual(['orders']);
    expect(document.info.description).toContain('orders (ECONNREFUSED)');
  });

  it('asks the services once per cache period, even for concurrent callers', async () => {
    await Promise.all([sut.document(), sut.document()]);
    await sut.document();
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('asks again once the period is over', async () => {
    jest.useFakeTimers({ now: Date.now() });
    try {
      await sut.document();
      jest.advanceTimersByTime(10_001);
      await sut.document();
      expect(fetch).toHaveBeenCalledTimes(8);
    } finally {
      jest.useRealTimers();
    }
  });
});

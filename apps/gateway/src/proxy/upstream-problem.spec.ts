import { ServiceName } from '@countyflow/contracts';
import { upstreamProblem } from './upstream-problem';

const withCode = (code: string, cause?: unknown): Error => Object.assign(new Error(code), { code, cause });

describe(upstreamProblem.name, () => {
  it('calls a refused connection, even wrapped by reply-from, a 503 naming the service', () => {
    const sut = upstreamProblem(
      ServiceName.Catalog,
      withCode('FST_REPLY_FROM_INTERNAL_SERVER_ERROR', withCode('ECONNREFUSED')),
      1000,
    );
    expect(sut.getStatus()).toBe(503);
    expect(sut.code).toBe('service-unavailable');
    expect(sut.extensions).toEqual({ service: 'catalog' });
    expect(sut.message).toContain('catalog');
  });

  it('sees through an AggregateError of per-address failures', () => {
    const error = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(upstreamProblem(ServiceName.Orders, error, 1000).getStatus()).toBe(503);
  });

  it('calls a missing answer a 504 with the limit', () => {
    const sut = upstreamProblem(
      ServiceName.Orders,
      withCode('FST_REPLY_FROM_GATEWAY_TIMEOUT', withCode('UND_ERR_HEADERS_TIMEOUT')),
      1500,
    );
    expect(sut.getStatus()).toBe(504);
    expect(sut.message).toContain('1500 ms');
  });

  it('calls anything else a 502', () => {
    expect(upstreamProblem(ServiceName.Identity, withCode('ECONNRESET'), 1000).getStatus()).toBe(502);
    expect(upstreamProblem(ServiceName.Identity, new Error('odd'), 1000).getStatus()).toBe(502);
  });
});

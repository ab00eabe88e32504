import { loadCatalogConfig } from './catalog.config';

describe('catalog database configuration', () => {
  it('listens on the database it is given when no direct URL is set', () => {
    // the search index and the outbox relay LISTEN through databaseDirectUrl: an app created on another database
    // (tests, benches) must not listen on DATABASE_URL's — it reloaded its whole index every second there
    const config = loadCatalogConfig(
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/countyflow' },
      {
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/countyflow_bench',
      },
    );
    expect(config.databaseDirectUrl).toBe('postgres://postgres@127.0.0.1:5432/countyflow_bench');
  });

  it('keeps a direct URL that is set, for a pooled DATABASE_URL', () => {
    const config = loadCatalogConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:6432/countyflow',
      DATABASE_DIRECT_URL: 'postgres://postgres@127.0.0.1:5432/countyflow',
    });
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:6432/countyflow');
    expect(config.databaseDirectUrl).toBe('postgres://postgres@127.0.0.1:5432/countyflow');
  });

  it('defaults both to the development database', () => {
    const config = loadCatalogConfig({});
    expect(config.databaseDirectUrl).toBe(config.databaseUrl);
  });
});

import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncDestination, createLogger, flushLogs } from './logger';

describe('createLogger', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'countyflow-logger-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('queues lines on an asynchronous destination, and flushLogs writes every one before the process ends', async () => {
    const file = join(directory, 'service.log');
    const destination = asyncDestination(file);
    await once(destination, 'ready');
    const sut = createLogger('orders', 'info', destination);

    for (let line = 0; line < 20_000; line++) {
      sut.info({ line }, 'request');
    }
    // nothing has had a turn of the event loop: most lines are still queued in memory
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).length).toBeLessThan(20_000);
    flushLogs();

    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(20_000);
    expect(JSON.parse(lines[19_999])).toMatchObject({ service: 'orders', line: 19_999, msg: 'request' });
    destination.end();
  });
});

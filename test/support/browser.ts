import { existsSync } from 'node:fs';
import { Browser, BrowserServer, chromium } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The websocket address of the run's shared Chromium, set by the slow tier's global setup for its workers. */
const ENDPOINT = 'COUNTYFLOW_TEST_BROWSER';

/**
 * One Chromium for the whole run: the slow tier's global setup launches it in Jest's main process (when Chromium is
 * installed) and its workers inherit the address, so each browser test file connects in milliseconds instead of
 * starting and stopping a browser of its own. Every file still works in browser contexts of its own (own storage,
 * viewport and language), so sharing the process shares nothing a test can see.
 */
export async function startSharedBrowser(): Promise<BrowserServer | undefined> {
  if (process.env[ENDPOINT] || !existsSync(CHROMIUM)) {
    return undefined;
  }
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  process.env[ENDPOINT] = server.wsEndpoint();
  return server;
}

/**
 * A browser for one test file: a connection to the run's shared Chromium when there is one, else (a file run
 * outside the slow tier's setup) a Chromium of its own. `close()` ends the connection, or the browser it launched.
 */
export async function openChromium(): Promise<Browser> {
  const endpoint = process.env[ENDPOINT];
  return endpoint ? chromium.connect(endpoint) : chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

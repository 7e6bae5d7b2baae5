/**
 * The server the HTTP fuzz runs against, as a process of its own (so that a request ending it is
 * seen): `npm start`'s app (API, no worker) serving a small web client of its own from a temporary
 * folder, so the static files' code runs whether or not web/dist has been built.
 * Usage: node --import tsx server/reliability/fuzz-server.ts (configured by the environment, as npm start)
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { runOrExit, stopOnSignals, surviveUncaughtErrors } from '../shutdown.ts';

await runOrExit(async () => {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'fuzz-server', config.logFormat);
  surviveUncaughtErrors(log);
  const webRoot = await mkdtemp(path.join(os.tmpdir(), 'candlelab-fuzz-web-'));
  await mkdir(path.join(webRoot, 'assets'));
  await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>Candlelab</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(path.join(webRoot, 'assets', 'app.js'), 'export {};');
  await writeFile(path.join(webRoot, 'favicon.ico'), '');
  const app = await startApp(config, { api: true, worker: false, log, webRoot });
  stopOnSignals(async () => {
    const report = await app.stop();
    await rm(webRoot, { recursive: true, force: true });
    return report;
  }, log, 'Fuzz server');
  log.info(`Candlelab is running at ${app.url}`);
});

import { existsSync } from 'node:fs';
import { startApp, WEB_DIST } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { exitOnDatabaseLoss, runOrExit, stopOnSignals, surviveUncaughtErrors } from './shutdown.ts';

await runOrExit(async () => {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'candlelab', config.logFormat);
  surviveUncaughtErrors(log);
  if (config.serveWeb && !existsSync(WEB_DIST)) {
    log.info('Building the web client (first start)…');
    const { build } = await import('vite');
    await build({ configFile: new URL('../web/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
  }
  const app = await startApp(config, { api: true, worker: config.inProcessWorker, log, onDatabaseLost: exitOnDatabaseLoss });
  stopOnSignals(app.stop, log, 'Candlelab');
  log.info(`Candlelab is running at ${app.url}  (GraphQL and GraphiQL: ${app.graphqlUrl})`);
});

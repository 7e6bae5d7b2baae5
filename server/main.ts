import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { webBuildIsStale, ensureWebBuilt } from './http/web-build.ts';
import { createLogger } from './logger.ts';
import { exitOnDatabaseLoss, runOrExit, stopOnSignals, surviveUncaughtErrors } from './shutdown.ts';
import { tuneV8ForTheEngine } from './v8-tuning.ts';

tuneV8ForTheEngine();

await runOrExit(async () => {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'candlelab', config.logFormat);
  surviveUncaughtErrors(log);
  // Built at the first start, and again whenever its sources are newer than the build (after an update).
  if (config.serveWeb && webBuildIsStale()) {
    log.info('Building the web client…');
    await ensureWebBuilt();
  }
  const app = await startApp(config, { api: true, worker: config.inProcessWorker, log, onDatabaseLost: exitOnDatabaseLoss });
  stopOnSignals(app.stop, log, 'Candlelab');
  log.info(`Candlelab is running at ${app.url}  (GraphQL and GraphiQL: ${app.graphqlUrl})`);
});

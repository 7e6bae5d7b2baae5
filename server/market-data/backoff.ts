/** What an exchange client's retries depend on; clock, sleep and randomness are injectable so every path is testable without real waiting. */
export interface RetryOptions {
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly maxRetries?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
}

/** The options with every client's defaults: 6 retries, backoff from 500 ms up to 30 s. */
export function retryDefaults(options: RetryOptions, sleep: (ms: number, signal?: AbortSignal) => Promise<void>): Required<RetryOptions> {
  return {
    now: options.now ?? Date.now,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    maxRetries: options.maxRetries ?? 6,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    backoffMaxMs: options.backoffMaxMs ?? 30_000,
  };
}

/**
 * Exponential backoff with "equal jitter": half fixed, half random, so retries from many clients
 * spread out. Shared by every exchange client.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A Retry-After header (seconds, or an HTTP date) in milliseconds, or null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

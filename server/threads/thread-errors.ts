import { AppError, type ErrorCode } from '../graphql/errors.ts';

/**
 * An error thrown on a thread reaches the caller by structured clone, which keeps an Error's message
 * and drops everything else: pg's `code` (ECONNREFUSED, 57P01, 53100) and a cause chain, by which
 * the error policy tells database weather (DATABASE_UNAVAILABLE, STORAGE_FULL) from a bug, and an
 * AppError's `extensions.code`. So a thread sends its error as a plain object, which clones whole,
 * and the caller makes an error of it again.
 */
interface CarriedError {
  readonly carriedError: true;
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: unknown;
  readonly extensions?: Record<string, unknown>;
  readonly cause?: CarriedError;
}

/** How many causes are carried: the error policy looks no deeper. */
const MAX_CAUSES = 5;

/** On the thread: `error` as a plain object that survives structured clone. */
export function carryError(error: unknown, depth = 0): CarriedError {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown; extensions?: unknown; cause?: unknown; previous?: unknown };
  const cause = e.cause ?? e.previous;
  return {
    carriedError: true,
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(e.extensions && typeof e.extensions === 'object' ? { extensions: { ...(e.extensions as Record<string, unknown>) } } : {}),
    ...(cause != null && depth < MAX_CAUSES ? { cause: carryError(cause, depth + 1) } : {}),
  };
}

const isCarried = (value: unknown): value is CarriedError => typeof value === 'object' && value !== null && (value as CarriedError).carriedError === true;

/** In the caller: the error a thread carried (an AppError again when it had a code), anything else as it came. */
export function revivedError(value: unknown): unknown {
  if (!isCarried(value)) return value;
  const { code, ...details } = value.extensions ?? {};
  const error: Error & { code?: unknown } = typeof code === 'string' ? new AppError(code as ErrorCode, value.message, details) : new Error(value.message, value.cause ? { cause: revivedError(value.cause) } : undefined);
  error.name = value.name;
  if (value.stack) error.stack = value.stack;
  if (value.code !== undefined) error.code = value.code;
  return error;
}

import { randomUUID } from 'node:crypto';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import { AppError, codeForGraphQLError, codeForHttpStatus, type ErrorCode } from './errors.ts';

/**
 * What leaves the server as an error: every error carries `extensions.code` and the request id the
 * log recorded it under; nothing internal (stack, SQL, `originalError`) is ever sent; every 4xx has a
 * GraphQL-over-HTTP body, even those Yoga answers with an empty one (406, 415). Errors are copied
 * before they are stamped: Yoga caches the validation errors of a document, and stamping the cached
 * objects would give every later request the first one's id (and log only the first).
 */

export const REQUEST_ID_HEADER = 'x-request-id';
const requestIds = new WeakMap<Request, string>();

/** The id of an HTTP request: the one the request boundary gave it, else created on first use (in-process `yoga.fetch`). */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/** Extensions never sent to a client. `http` is kept until Yoga has read the status from it (it strips it itself). */
const INTERNAL_EXTENSIONS = ['stack', 'exception', 'stacktrace'];

/** The error a masked one replaced, kept off the wire so it can be logged with the request id. */
const MASKED_CAUSE = Symbol('maskedCause');
type Masked = GraphQLError & { [MASKED_CAUSE]?: unknown };

/** How much of a message may leave: graphql-js and validators quote the input they refuse, and input is unbounded. */
export const MAX_ECHOED_CHARACTERS = 200;
/** Our own messages quote input only clipped (clipInput); this only bounds what they add around it. */
const MAX_OWN_MESSAGE_CHARACTERS = 1000;
/** A response lists at most this many errors (200,000 unknown input fields make 200,000 errors), then says how many more. */
export const MAX_ERRORS_PER_RESPONSE = 20;

/** The message cut in the middle to `max` characters, keeping its start (what failed) and its end (why). */
export function clipMessage(message: string, max = MAX_ECHOED_CHARACTERS): string {
  if (message.length <= max) return message;
  const tail = Math.floor(max / 4);
  return `${message.slice(0, max - tail - 1)}…${message.slice(message.length - tail)}`;
}

/** A piece of the caller's input quoted in one of our messages, clipped so the message cannot echo it whole. */
export const clipInput = (value: unknown, max = 100): string => clipMessage(String(value), max);

/** graphql-js suggests near names ("Did you mean …?"), which hands the schema to a caller that may not introspect it. */
const SUGGESTION = /\s*Did you mean [^?]*\?\s*$/;

export interface ErrorPolicy {
  readonly log?: Logger;
  /** False when introspection is off: no "Did you mean" hints either. */
  readonly suggestions: boolean;
}

/** Every coded error is findable by the request id the client got back. */
export function logAnsweredError(log: Logger, fields: { requestId?: string; code: unknown; message: string; path?: string }): void {
  log.info('Answered with an error', { requestId: fields.requestId, code: fields.code, error: fields.message.slice(0, 300), path: fields.path });
}

/**
 * Copies each error with a code, the request id and a bounded message, without internals; logs each
 * (and the cause of each masked one) under the request id. Safe to apply twice.
 */
export function sanitizeErrors(errors: readonly unknown[] | undefined, requestId: string | undefined, policy: ErrorPolicy, options: { leaveUnmasked?: boolean } = {}): GraphQLError[] {
  const listed = (errors ?? []).filter((error): error is GraphQLError => error instanceof GraphQLError);
  // A resolver's own error is masked by Yoga after this policy's execution hooks: copied now, it would
  // escape masking (and be logged with a made-up code). It is sanitized once masked (onResultProcess, onNext).
  if (options.leaveUnmasked && listed.some(awaitsMasking)) return listed;
  const shown = listed.slice(0, MAX_ERRORS_PER_RESPONSE).map((error) => sanitizeError(error, requestId, policy));
  if (listed.length > shown.length) {
    const more = new GraphQLError(`${listed.length - shown.length} more errors like these were not listed`, { extensions: { code: shown[0].extensions.code } });
    shown.push(sanitizeError(more, requestId, policy));
  }
  return shown;
}

const awaitsMasking = (error: GraphQLError) => error.originalError != null && !(error.originalError instanceof GraphQLError) && !(MASKED_CAUSE in error);

const sanitized = new WeakSet<GraphQLError>();

function sanitizeError(error: GraphQLError, requestId: string | undefined, policy: ErrorPolicy): GraphQLError {
  if (sanitized.has(error) && error.extensions.requestId === requestId) return error;
  const { log } = policy;
  const cause = (error as Masked)[MASKED_CAUSE];
  const extensions: Record<string, unknown> = { ...error.extensions };
  if (extensions.code === undefined) extensions.code = codeForGraphQLError(error);
  for (const key of INTERNAL_EXTENSIONS) delete extensions[key];
  delete extensions.originalError;
  if (requestId) extensions.requestId = requestId;
  let message = policy.suggestions ? error.message : error.message.replace(SUGGESTION, '');
  message = clipMessage(message, error instanceof AppError ? MAX_OWN_MESSAGE_CHARACTERS : MAX_ECHOED_CHARACTERS);
  // An AppError has nothing the copy lacks (code, message, extensions); left as the original, every
  // later copy (Yoga's serialiser makes one) would format a source-mapped stack of its own.
  const originalError = error.originalError instanceof AppError ? undefined : error.originalError;
  const copy = new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError, extensions });
  // Yoga reads extensions.originalError to choose a 4xx over 200 for request errors (bad JSON, no body),
  // so it stays readable, but non-enumerable: serialisation copies enumerable keys only.
  const yogaOriginalError = (error.extensions as Record<string, unknown>).originalError;
  if (yogaOriginalError !== undefined) Object.defineProperty(copy.extensions, 'originalError', { value: yogaOriginalError, enumerable: false, configurable: true });
  sanitized.add(copy);
  if (log) {
    if (cause !== undefined) {
      const requestLog = log.child({ requestId, code: extensions.code });
      if (extensions.code === 'INTERNAL_SERVER_ERROR') requestLog.error('Unexpected error in a resolver', cause);
      else if (isClientGone(cause)) requestLog.debug(message);
      else requestLog.warn(message, { cause: String((cause as Error)?.message ?? cause) });
    }
    logAnsweredError(log, { requestId, code: extensions.code, message, path: error.path?.join('.') });
  }
  return copy;
}

/**
 * Sanitises results on both transports: HTTP (onResultProcess, after Yoga's masking) and graphql-ws
 * (execution and stream results; what still awaits masking there is sanitized in the socket's onNext).
 */
export function useErrorPolicy(policy: ErrorPolicy & { readonly log: Logger }): Plugin<{ requestId?: string }> {
  const sanitizeResult = (result: ExecutionResult, requestId?: string, leaveUnmasked = true) => {
    if (result.errors) (result as { errors?: readonly GraphQLError[] }).errors = sanitizeErrors(result.errors, requestId, policy, { leaveUnmasked });
  };
  return {
    onRequest({ request, serverContext }) {
      const given = (serverContext as { requestId?: unknown } | undefined)?.requestId;
      if (typeof given === 'string') requestIds.set(request, given);
      else requestIdOf(request);
    },
    // Yoga's parsers let JSON.parse's SyntaxError escape for bad `variables`/`extensions` in a GET URL.
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (error instanceof SyntaxError) throw new AppError('BAD_REQUEST', `The request is not valid JSON: ${error.message}`, { http: { status: 400 } });
          throw error;
        }
      });
    },
    onExecute({ args }) {
      const requestId = (args.contextValue as { requestId?: string }).requestId;
      return { onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, ({ result }) => sanitizeResult(result, requestId)) };
    },
    onSubscribe({ args }) {
      const requestId = (args.contextValue as { requestId?: string }).requestId;
      return { onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, ({ result }) => sanitizeResult(result, requestId)) };
    },
    onResultProcess({ request, result }) {
      for (const item of Array.isArray(result) ? result : [result]) {
        if (item && typeof item === 'object' && 'errors' in item) sanitizeResult(item as ExecutionResult, requestIdOf(request), false);
      }
    },
    onResponse({ request, response, setResponse }) {
      const requestId = requestIdOf(request);
      response.headers.set(REQUEST_ID_HEADER, requestId);
      if (response.status >= 400 && response.body === null && request.method !== 'HEAD') {
        const code = codeForHttpStatus(response.status);
        setResponse(errorResponse(new AppError(code, `${response.status} ${response.statusText || code}`), response.status, requestId, policy, response.headers));
      }
    },
  };
}

/** A complete GraphQL-over-HTTP error response (for refusals made before GraphQL runs). */
export function errorResponse(error: GraphQLError, status: number, requestId: string, policy: ErrorPolicy, headers?: Headers): Response {
  const [sanitizedError] = sanitizeErrors([error], requestId, policy);
  const { http: _http, ...extensions } = sanitizedError.extensions as Record<string, unknown>;
  const body = JSON.stringify({ errors: [{ message: sanitizedError.message, extensions }] });
  const out = new Headers(headers);
  out.set('content-type', 'application/json; charset=utf-8');
  out.delete('content-length');
  out.set(REQUEST_ID_HEADER, requestId);
  const httpHeaders = (error.extensions.http as { headers?: Record<string, string> } | undefined)?.headers ?? {};
  for (const [name, value] of Object.entries(httpHeaders)) out.set(name, value);
  return new Response(body, { status, headers: out });
}

const DATABASE_DOWN_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EPIPE']);
const DATABASE_DOWN_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Transaction query already complete|the database system is (shutting down|starting up|in recovery mode)|terminating connection/i;
/** PostgreSQL's disk_full, and a file write the kernel refused for want of space (reported under other codes too). */
const STORAGE_FULL_CODE = '53100';
const STORAGE_FULL_MESSAGE = /No space left on device/i;

/** The first error in the chain (pg's, the pool's, MikroORM's wrapper and its cause) that `matches`. */
function someCause(error: unknown, matches: (code: unknown, message: unknown) => boolean): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; previous?: unknown };
    if (matches(candidate.code, candidate.message)) return true;
    current = candidate.cause ?? candidate.previous;
  }
  return false;
}

/**
 * Node's error for a request whose client closed the connection before the answer (code ECONNRESET, message
 * "aborted"): the request's signal carries it into the operation. Nothing failed and no one is listening;
 * its code alone would read as a lost database.
 */
function isClientGone(error: unknown): boolean {
  return someCause(error, (code, message) => code === 'ECONNRESET' && message === 'aborted');
}

/** True for errors that mean "the database cannot be reached", whichever layer (pg, pool, MikroORM) raised them. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someCause(error, (code, message) => (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) || (typeof message === 'string' && DATABASE_DOWN_MESSAGES.test(message)));
}

/** True when the database could not write for want of disk space: it answers, but stores nothing until space is freed. */
export function isStorageFull(error: unknown): boolean {
  return someCause(error, (code, message) => code === STORAGE_FULL_CODE || (typeof message === 'string' && STORAGE_FULL_MESSAGE.test(message)));
}

/** Errors that are safe to show as they are: the caller's own mistake, phrased by a validator. */
const isCallerError = (error: unknown) => error instanceof Error && error.name === 'PothosValidationError';

/**
 * PostgreSQL's class 22 ("data exception": a NUL byte in text, a number or date out of its type's
 * range) is raised by a value the caller sent reaching a query; the caller can fix it, nothing broke.
 */
function dataException(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; previous?: unknown };
    if (typeof candidate.code === 'string' && /^22[0-9A-Z]{3}$/.test(candidate.code) && typeof candidate.message === 'string') return candidate.message;
    current = candidate.cause ?? candidate.previous;
  }
  return null;
}

/**
 * Yoga's maskError: our own coded errors pass; validation errors raised by Pothos become
 * BAD_USER_INPUT; a lost database becomes DATABASE_UNAVAILABLE (503); anything else leaves as
 * INTERNAL_SERVER_ERROR with no detail, its cause logged with the request id by sanitizeErrors.
 */
export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
  const locate = error instanceof GraphQLError ? { path: error.path, nodes: error.nodes, positions: undefined } : {};
  const coded = (code: ErrorCode, text: string, status?: number) => {
    const masked: Masked = new GraphQLError(text, { ...locate, extensions: { code, ...(status ? { http: { status } } : {}) } });
    masked[MASKED_CAUSE] = original ?? error;
    return masked;
  };
  if (isCallerError(original)) return new GraphQLError((original as Error).message, { ...locate, extensions: { code: 'BAD_USER_INPUT' } });
  const invalidValue = dataException(original);
  if (invalidValue !== null) return new GraphQLError(`A value in the request cannot be used: ${invalidValue.split('\n')[0]}`, { ...locate, extensions: { code: 'BAD_USER_INPUT' } });
  if (isClientGone(original)) return coded('BAD_REQUEST', 'The client closed the connection before the answer');
  if (isDatabaseUnavailable(original)) return coded('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly', 503);
  if (isStorageFull(original)) return coded('STORAGE_FULL', 'The database cannot store anything more: its disk is full. Try again once space is freed', 507);
  return coded('INTERNAL_SERVER_ERROR', message);
}

import { GraphQLError } from 'graphql';

/**
 * Error codes clients can branch on (`extensions.code`). A resolver throws AppError for anything
 * the caller did or can fix; everything else is masked by Yoga as INTERNAL_SERVER_ERROR.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'INVALID_JSON'
  | 'UNKNOWN_STRATEGY'
  | 'INVALID_STRATEGY_PARAMS'
  | 'INVALID_STRATEGY_DOCUMENT'
  | 'STRATEGY_DOCUMENT_TOO_LARGE'
  | 'INVALID_DATE_RANGE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DATA_GAPS'
  | 'NO_DATA'
  | 'UNKNOWN_SYMBOL'
  | 'BINANCE_BANNED'
  | 'UPSTREAM_ERROR'
  | 'EXCHANGE_RATE_LIMITED'
  | 'UNSUPPORTED_INTERVAL'
  | 'LIMIT_EXCEEDED'
  // Access, limits and transport (server/access, server/graphql/error-policy.ts): see README "Security".
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'QUOTA_EXCEEDED'
  | 'QUERY_TOO_COMPLEX'
  | 'REQUEST_TIMEOUT'
  | 'DATABASE_UNAVAILABLE'
  | 'STORAGE_FULL'
  | 'BAD_REQUEST'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_ACCEPTABLE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTERNAL_SERVER_ERROR';

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    // An AppError is an answer, not a fault: its code and message say all a stack would. It has none,
    // so that neither it nor the copies graphql-js makes of it (a located error per field, which
    // format their own captured stack when given the original's) format a source-mapped stack:
    // a hostile client drew hundreds a second, a tenth of the event loop's time.
    const stackFrames = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, { extensions: { code, ...details } });
    } finally {
      Error.stackTraceLimit = stackFrames;
    }
    Object.defineProperty(this, 'stack', { value: undefined, writable: true, configurable: true });
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} does not exist`, { id });

export const badInput = (message: string, field?: string) =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : undefined);

/** The code of a request-level error Yoga raises with an HTTP status (bad JSON, wrong method…). */
const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'DATABASE_UNAVAILABLE',
  507: 'STORAGE_FULL',
  504: 'REQUEST_TIMEOUT',
};

export const codeForHttpStatus = (status: number): ErrorCode => CODE_FOR_STATUS[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');

/** Codes for errors raised before any resolver runs: by graphql-js (syntax, validation, variables) or by Yoga (HTTP). */
export function codeForGraphQLError(error: GraphQLError): ErrorCode {
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (error.message.startsWith('Variable "')) return 'BAD_USER_INPUT';
  if (status !== undefined && status !== 200) return codeForHttpStatus(status);
  return 'GRAPHQL_VALIDATION_FAILED';
}

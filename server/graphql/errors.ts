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
  | 'INVALID_DATE_RANGE'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DATA_GAPS'
  | 'NO_DATA'
  | 'UNKNOWN_SYMBOL'
  | 'BINANCE_BANNED'
  | 'UPSTREAM_ERROR'
  | 'LIMIT_EXCEEDED'
  | 'INTERNAL_SERVER_ERROR';

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...details } });
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} does not exist`, { id });

export const badInput = (message: string, field?: string) =>
  new AppError('BAD_USER_INPUT', message, field ? { field } : undefined);

/** Codes for errors raised by graphql-js itself before any resolver runs. */
export function codeForGraphQLError(error: GraphQLError): ErrorCode | 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' {
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (error.message.startsWith('Variable "')) return 'BAD_USER_INPUT';
  return 'GRAPHQL_VALIDATION_FAILED';
}

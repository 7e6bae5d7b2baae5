import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { AppError } from '../graphql/errors.ts';
import { errorResponse, isDatabaseUnavailable, requestIdOf, type ErrorPolicy } from '../graphql/error-policy.ts';
import type { Logger } from '../logger.ts';
import { forbidden, type AccessControl } from './access.service.ts';
import type { OriginPolicy } from './origin-policy.ts';
import { runAsPrincipal } from './principal-scope.ts';
import type { OperationTurns, Turn } from './operation-turns.ts';
import { rootFieldCount, type MutationRateLimiter } from './rate-limit.ts';
import type { Principal } from './tokens.ts';

export interface AccessOptions {
  readonly access: AccessControl;
  readonly origins: OriginPolicy;
  readonly rateLimiter: MutationRateLimiter;
  readonly turns: OperationTurns;
  readonly graphiql: boolean;
  readonly errorPolicy: ErrorPolicy & { readonly log: Logger };
}

const principals = new WeakMap<Request, Principal>();
/** The turn (operation-turns.ts) each HTTP request holds, by its server context, until its response. */
const turns = new WeakMap<object, Turn>();

/** The principal the access plugin authenticated for this HTTP request. */
export const principalOf = (request: Request | undefined): Principal | undefined => (request ? principals.get(request) : undefined);

/** Only JSON bodies may carry operations: forms (urlencoded, multipart, text/plain) are what a hostile page can POST without a preflight. */
const JSON_MEDIA_TYPE = 'application/json';

/**
 * Access control on every HTTP request before GraphQL runs: the origin/host check, the
 * JSON-only rule for POST bodies (CSRF), authentication (401), and the principal's turn (its body is
 * read only once its turn comes; it ends with the response, or when the client goes). During execution, on HTTP and
 * graphql-ws alike: read-only principals may not run mutations (403), mutations are rate-limited
 * per principal (RATE_LIMITED), and the principal is put in scope for the `createdBy` stamp.
 */
export function useAccessControl(options: AccessOptions): Plugin<{ principal?: Principal }> {
  return {
    async onRequest({ request, url, endResponse, serverContext }) {
      if (request.method === 'OPTIONS') return; // preflights: Yoga's CORS answers, granting only allowed origins
      const requestId = requestIdOf(request);
      const refuse = (error: AppError, status: number) => endResponse(errorResponse(error, status, requestId, options.errorPolicy));
      const refusal = options.origins.refusal(request.headers.get('origin'), request.headers.get('host'));
      if (refusal) return refuse(forbidden(refusal, { reason: 'ORIGIN' }), 403);
      if (request.method === 'POST') {
        const mediaType = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
        if (mediaType !== JSON_MEDIA_TYPE) {
          const error = new AppError('UNSUPPORTED_MEDIA_TYPE', `POST bodies must be ${JSON_MEDIA_TYPE}, got ${mediaType || 'none'}`);
          return endResponse(errorResponse(error, 415, requestIdOf(request), options.errorPolicy));
        }
      }
      if (options.graphiql && isGraphiQLPage(request, url)) return; // the page itself; its operations authenticate
      let principal: Principal;
      try {
        const result = await options.access.authenticate(request.headers.get('authorization'));
        if ('error' in result) return refuse(result.error, 401);
        principal = result.principal;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) options.errorPolicy.log.child({ requestId }).error('Authentication failed', error);
        return isDatabaseUnavailable(error)
          ? refuse(new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly'), 503)
          : refuse(new AppError('INTERNAL_SERVER_ERROR', 'Authentication failed'), 500);
      }
      principals.set(request, principal);
      let turn: Turn;
      try {
        turn = options.turns.take(principal.id);
      } catch (error) {
        return refuse(error as AppError, 429);
      }
      turns.set(serverContext, turn);
      (serverContext as { res?: { once(event: 'close', listener: () => void): void } }).res?.once('close', turn.leave);
      // A client that left while waiting gets no answer: there is no one to read it.
      if (!(await turn.admitted)) return endResponse(new Response(null, { status: 499 }));
    },
    onResponse({ serverContext }) {
      turns.get(serverContext)?.leave();
    },
    onExecute({ args, setResultAndStopExecution, setExecuteFn, executeFn }) {
      const principal = (args.contextValue as { principal?: Principal }).principal;
      if (!principal) return setResultAndStopExecution({ errors: [new AppError('UNAUTHENTICATED', 'No principal for this operation')] });
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation === 'mutation') {
        if (principal.role !== 'WRITE') {
          return setResultAndStopExecution({ errors: [forbidden(`The token ${principal.name} is read-only; mutations need a read-write token`, { reason: 'READ_ONLY' })] });
        }
        const fields = rootFieldCount(args.document, operation);
        const taken = options.rateLimiter.take(principal.id, fields);
        if (!taken.ok) {
          const limit = options.rateLimiter.perMinute;
          return setResultAndStopExecution({
            errors: [
              new AppError('RATE_LIMITED', `${principal.name} may run ${limit} mutations a minute (CANDLELAB_MUTATIONS_PER_MINUTE); this operation runs ${fields}. Retry in ${taken.retryAfterSeconds} s.`, {
                limit: 'CANDLELAB_MUTATIONS_PER_MINUTE',
                max: limit,
                retryAfterSeconds: taken.retryAfterSeconds,
                http: { status: 429, headers: { 'Retry-After': String(taken.retryAfterSeconds) } },
              }),
            ],
          });
        }
      }
      setExecuteFn((executionArgs) => runAsPrincipal(principal, () => executeFn(executionArgs)));
    },
  };
}

/** Yoga renders GraphiQL for a browser's plain GET of the endpoint (no query). */
const isGraphiQLPage = (request: Request, url: URL) =>
  request.method === 'GET' && !url.searchParams.has('query') && (request.headers.get('accept') ?? '').includes('text/html');

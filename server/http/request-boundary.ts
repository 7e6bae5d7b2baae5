import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { OriginPolicy } from '../access/origin-policy.ts';
import { REQUEST_ID_HEADER } from '../graphql/error-policy.ts';
import type { Logger } from '../logger.ts';
import { writeCodedResponse, writeCodedToSocket, type CodedRefusal } from './coded-response.ts';
import { runInRequestScope } from './request-scope.ts';
import { requestTargetRefusal } from './request-target.ts';

/** A handler behind the boundary: it may throw or reject; the boundary answers for it. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<void> | void;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, requestId: string) => void;

export interface BoundaryOptions {
  readonly log: Logger;
  readonly origins: OriginPolicy;
  /** Which handler serves a path: GraphQL's, or the web client's static files. */
  readonly route: (pathname: string) => RequestHandler;
  /** WebSocket upgrades of GraphQL's path; other paths are refused. */
  readonly upgradePath: string;
  readonly upgrade: UpgradeHandler;
}

const INTERNAL: CodedRefusal = { status: 500, code: 'INTERNAL_SERVER_ERROR', message: 'The request could not be answered; the cause is logged under its request id' };

/**
 * The one boundary every HTTP request and upgrade passes, whatever its path: it gives the request a
 * fresh id, refuses a malformed target or Host (400) and a foreign Origin or Host (403) before any
 * handler reads it, and answers any failure of the handler behind it with a coded error, so no
 * request can end the process or see a stack. The request's work runs in its request scope, so an
 * error escaping even this is logged under the same id (shutdown.ts).
 */
export function createRequestBoundary(options: BoundaryOptions) {
  const { log, origins } = options;
  const preflight = (req: IncomingMessage): CodedRefusal | null => {
    const target = requestTargetRefusal(req);
    if (target) return target;
    const refusal = origins.refusal(req.headers.origin, req.headers.host);
    return refusal ? { status: 403, code: 'FORBIDDEN', message: refusal, details: { reason: 'ORIGIN' } } : null;
  };
  const pathnameOf = (req: IncomingMessage) => (req.url ?? '/').split('?')[0];

  return {
    request(req: IncomingMessage, res: ServerResponse): void {
      const requestId = randomUUID();
      const fail = (error: unknown) => {
        log.child({ requestId }).error('A request handler failed', error);
        writeCodedResponse(res, INTERNAL, requestId, log);
      };
      // A client that resets mid-request makes these emit 'error'; unheard, that would be thrown.
      req.on('error', (error) => log.debug(`Request ${requestId} failed on the wire: ${error.message}`));
      res.on('error', (error) => log.debug(`Response ${requestId} failed on the wire: ${error.message}`));
      runInRequestScope(requestId, () => {
        try {
          res.setHeader(REQUEST_ID_HEADER, requestId);
          const refusal = preflight(req);
          if (refusal) return writeCodedResponse(res, refusal, requestId, log);
          const handled = options.route(pathnameOf(req))(req, res, requestId);
          if (handled) handled.catch(fail);
        } catch (error) {
          fail(error);
        }
      });
    },

    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const requestId = randomUUID();
      socket.on('error', (error) => log.debug(`Upgrade ${requestId} failed on the wire: ${error.message}`));
      runInRequestScope(requestId, () => {
        try {
          const refusal =
            preflight(req) ?? (pathnameOf(req) === options.upgradePath ? null : { status: 404, code: 'NOT_FOUND', message: `WebSocket connections are served on ${options.upgradePath} only` } as const);
          if (refusal) return writeCodedToSocket(socket, refusal, requestId, log);
          options.upgrade(req, socket, head, requestId);
        } catch (error) {
          log.child({ requestId }).error('A WebSocket upgrade failed', error);
          writeCodedToSocket(socket, INTERNAL, requestId, log);
        }
      });
    },

    /** CONNECT asks for a tunnel, which this server never opens (Node would drop the connection unanswered). */
    connect(req: IncomingMessage, socket: Duplex): void {
      socket.on('error', () => undefined);
      writeCodedToSocket(socket, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'CONNECT is not supported', headers: { Allow: 'GET, HEAD, POST, OPTIONS' } }, randomUUID(), log);
    },

    /** Requests Node's parser could not read (bad request line, header overflow, timeouts): Node's default answers with no body. */
    clientError(error: NodeJS.ErrnoException, socket: Duplex): void {
      const code = error.code ?? '';
      const refusal: CodedRefusal =
        code === 'HPE_HEADER_OVERFLOW'
          ? { status: 431, code: 'BAD_REQUEST', message: 'The request headers are too large' }
          : code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? { status: 408, code: 'BAD_REQUEST', message: 'The request was not received in time' }
            : { status: 400, code: 'BAD_REQUEST', message: 'The request is not valid HTTP' };
      // A request whose body broke after its answer began (a bad chunk) cannot be answered twice: the connection ends.
      const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
      if (code === 'ECONNRESET' || code === 'EPIPE' || answering) return void socket.destroy();
      writeCodedToSocket(socket, refusal, randomUUID(), log);
    },
  };
}

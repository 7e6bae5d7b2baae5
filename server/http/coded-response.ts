import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { clipMessage, logAnsweredError, REQUEST_ID_HEADER } from '../graphql/error-policy.ts';
import type { ErrorCode } from '../graphql/errors.ts';
import type { Logger } from '../logger.ts';

/**
 * Refusals made before GraphQL runs (a malformed request line or Host, a foreign Origin, a static
 * path that cannot be decoded, an upgrade that is not a WebSocket handshake) in the same
 * GraphQL-over-HTTP shape as every other error: `{ errors: [{ message, extensions: { code, requestId } }] }`.
 */
export interface CodedRefusal {
  readonly status: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

function body(refusal: CodedRefusal, requestId: string): string {
  return JSON.stringify({ errors: [{ message: clipMessage(refusal.message), extensions: { code: refusal.code, ...refusal.details, requestId } }] });
}

/** Answers on a response that has not started; one that has (a stream failing midway) can only be cut. */
export function writeCodedResponse(res: ServerResponse, refusal: CodedRefusal, requestId: string, log: Logger): void {
  logAnsweredError(log, { requestId, code: refusal.code, message: refusal.message });
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const text = body(refusal, requestId);
  res.writeHead(refusal.status, {
    ...refusal.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    [REQUEST_ID_HEADER]: requestId,
  });
  res.end(text);
}

/** The same answer written straight onto a socket: for upgrades and requests Node's parser could not read. */
export function writeCodedToSocket(socket: Duplex, refusal: CodedRefusal, requestId: string, log: Logger): void {
  logAnsweredError(log, { requestId, code: refusal.code, message: refusal.message });
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const text = body(refusal, requestId);
  const head = [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(text)}`,
    `${REQUEST_ID_HEADER}: ${requestId}`,
    ...Object.entries(refusal.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${text}`);
}

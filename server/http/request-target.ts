import type { IncomingMessage } from 'node:http';
import type { CodedRefusal } from './coded-response.ts';

/**
 * What every request must carry before anything reads it: an origin-form target (`/path?query`) and,
 * when present, a Host header that is a host name or address with an optional port of 1–65535.
 * Anything else (`a b`, `127.0.0.1:99999`, `[::1`, an absolute-form target) cannot be turned into
 * the URL Yoga and the static server build, so it is refused here with 400 rather than failing there.
 */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::(\d{1,5}))?$/;

export function hostProblem(host: string | undefined): string | null {
  if (host === undefined) return null;
  const match = HOST.exec(host);
  const port = match?.[1] === undefined ? null : Number(match[1]);
  if (!match || (port !== null && (port < 1 || port > 65_535)) || !URL.canParse(`http://${host}/`)) return 'The Host header is not a host name or address with an optional port';
  return null;
}

export function requestTargetRefusal(req: IncomingMessage): CodedRefusal | null {
  const target = req.url ?? '';
  const hostless = req.headers.host === undefined && req.httpVersion === '1.1';
  const problem = !target.startsWith('/') ? 'The request target must be a path beginning with /' : hostless ? 'An HTTP/1.1 request must carry a Host header' : hostProblem(req.headers.host);
  return problem ? { status: 400, code: 'BAD_REQUEST', message: problem } : null;
}

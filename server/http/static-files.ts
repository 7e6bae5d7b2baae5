import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { writeCodedResponse } from './coded-response.ts';
import type { RequestHandler } from './request-boundary.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const isFile = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false; // absent, a name too long, a NUL byte: all "no such file"
  }
};

/** The decoded path, or null when its percent-encoding is broken (`/%`, `/%E0%A4%A`). */
function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return null;
  }
}

/**
 * Serves the built web client; unknown paths get index.html so client-side routes survive a reload.
 * Runs behind the request boundary (request-boundary.ts), which has checked Host and Origin.
 */
export function staticFiles(root: string, log: Logger): RequestHandler {
  const index = path.join(root, 'index.html');
  return (req: IncomingMessage, res: ServerResponse, requestId: string): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return writeCodedResponse(res, { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'The web client is served to GET and HEAD only', headers: { allow: 'GET, HEAD' } }, requestId, log);
    }
    const decoded = decodedPath(req.url ?? '/');
    if (decoded === null) return writeCodedResponse(res, { status: 400, code: 'BAD_REQUEST', message: 'The path is not valid percent-encoding' }, requestId, log);
    const requested = path.normalize(path.join(root, decoded));
    const insideRoot = requested.startsWith(root + path.sep) || requested === root;
    const file = insideRoot && isFile(requested) ? requested : index;
    if (!isFile(file)) {
      return writeCodedResponse(res, { status: 404, code: 'NOT_FOUND', message: 'The web client is not built: run `npm run build:web`.' }, requestId, log);
    }
    const immutable = file !== index && file.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', (error) => {
        log.child({ requestId }).warn(`Could not read ${file}: ${error.message}`);
        res.destroy();
      })
      .pipe(res);
  };
}

import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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

/** Serves the built web client; unknown paths get index.html so client-side routes survive a reload. */
export function staticFiles(root: string) {
  const index = path.join(root, 'index.html');
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const requested = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    const insideRoot = requested.startsWith(root + path.sep) || requested === root;
    const file = insideRoot && existsSync(requested) && statSync(requested).isFile() ? requested : index;
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('The web client is not built: run `npm run build:web`.');
      return;
    }
    const immutable = file !== index && file.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    createReadStream(file).pipe(res);
  };
}

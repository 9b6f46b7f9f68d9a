import { createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/**
 * One file of the built console (console/dist), or false when there is none. Only names inside
 * the folder are served (no `..`, no absolute paths); hashed assets are kept a year by browsers.
 */
export function serveStatic(res: ServerResponse, root: string, relative: string): boolean {
  const clean = path.posix.normalize(`/${relative}`).slice(1);
  if (clean.startsWith('..') || clean.includes('\0')) return false;
  const file = path.join(root, clean);
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return false;
  const immutable = clean.startsWith('assets/');
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    // everything the pages load comes from this origin: nothing from the internet, no inline script
    'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; font-src 'self' data:",
  });
  createReadStream(file).pipe(res);
  return true;
}

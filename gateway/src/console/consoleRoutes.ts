import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, StockLedger } from '@stockgraph/shared';
import { repoRoot } from '@stockgraph/shared/files';
import type { Authenticator } from '../auth/authenticate';
import { sendJson } from '../http/sendJson';
import { consoleAllowed } from './consoleAccess';
import { streamChanges } from './consoleEvents';
import { serveStatic } from './serveStatic';

export interface ConsoleDeps {
  mode: 'development' | 'production';
  /** console/dist: the built console, IDE and key page; null when not built */
  dir: string | null;
  authenticate: Authenticator;
  /** the ledger whose change events the console's live view follows (null: live updates off) */
  ledger: Pick<StockLedger, 'onChange'> | null;
  /** what the IDE opens with and the key the console starts with (development only) */
  example: () => { query: string; headers: Record<string, string> } | null;
  defaultKey: string | null;
}

/** console/dist beside the repo's gateway folder, when it has been built (`npm run build:console`). */
export function defaultConsoleDir(): string | null {
  const dir = path.resolve(repoRoot(), 'console/dist');
  return existsSync(path.join(dir, 'index.html')) ? dir : null;
}

/**
 * Routes under /console: the app (index.html and assets), its settings (config.json), the live
 * change stream (events), the IDE's example (example.json). Production: only with a key that has
 * the console scope; without one, the page where a key is typed.
 */
export async function handleConsole(req: IncomingMessage, res: ServerResponse, path_: string, deps: ConsoleDeps, logger: Logger): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET' });
  if (!deps.dir) {
    return sendJson(res, 404, { error: 'the console is not built: run `npm run build:console` (npm install does it)' });
  }
  const rest = path_.replace(/^\/console\/?/, '');
  // the key page and its assets are public; they hold nothing
  const publicFile = rest === 'login.html' || (rest.startsWith('assets/') && !rest.endsWith('.map'));
  if (!publicFile && !(await consoleAllowed(req, deps.mode, deps.authenticate, logger))) {
    if (rest === '' || rest === 'index.html') {
      serveStatic(res, deps.dir, 'login.html');
      return;
    }
    return sendJson(res, 403, { error: `the console needs an API key with the "console" scope (production mode)` });
  }
  if (rest === 'config.json') {
    return sendJson(res, 200, { mode: deps.mode, defaultKey: deps.mode === 'development' ? deps.defaultKey : null, live: deps.ledger !== null });
  }
  if (rest === 'example.json') return sendJson(res, 200, deps.mode === 'development' ? deps.example() : null);
  if (rest === 'events') {
    if (!deps.ledger) return sendJson(res, 503, { error: 'live updates are off: the gateway sees no ledger change events (set REDIS_URL)' });
    return streamChanges(req, res, deps.ledger);
  }
  if (serveStatic(res, deps.dir, rest === '' ? 'index.html' : rest)) return;
  // client-side routes (/console/orders …) get the app
  if (!rest.includes('.')) {
    serveStatic(res, deps.dir, 'index.html');
    return;
  }
  sendJson(res, 404, { error: 'not found' });
}

/** The IDE: development mode's answer to a browser opening / or /graphql. */
export function serveIde(res: ServerResponse, deps: ConsoleDeps): boolean {
  return deps.dir !== null && serveStatic(res, deps.dir, 'ide.html');
}

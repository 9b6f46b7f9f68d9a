import { HeaderMap } from '@apollo/server';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@stockgraph/shared';
import type { Authenticator } from '../auth/authenticate';

/** The scope a key needs for the console in production. */
export const CONSOLE_SCOPE = 'console';
/** Where the production console keeps the key its user typed (SameSite=Strict, this path only). */
export const CONSOLE_COOKIE = 'stockgraph_console_key';

/**
 * Whether this request may have the console. Development: anyone (the local demo). Production:
 * an API key (x-api-key header, or the console's cookie for page loads) whose client has the
 * console scope. The console's data still comes through /graphql with the key, under its scopes.
 */
export async function consoleAllowed(req: IncomingMessage, mode: 'development' | 'production', authenticate: Authenticator, logger: Logger): Promise<boolean> {
  if (mode === 'development') return true;
  const key = headerValue(req.headers['x-api-key']) ?? cookie(req.headers.cookie, CONSOLE_COOKIE);
  if (!key) return false;
  const headers = new HeaderMap([['x-api-key', key]]);
  try {
    const identity = await authenticate(headers, logger);
    return !identity.anonymous && identity.scopes.includes(CONSOLE_SCOPE);
  } catch {
    return false;
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

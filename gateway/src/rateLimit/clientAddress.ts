import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The end user's address: the socket's peer, or, when that peer is one of the trusted proxies,
 * the address it puts in X-Forwarded-For (walking the list from the right while each hop is
 * trusted, proxy-addr's rule). With no trusted proxy, X-Forwarded-For is never read: anyone
 * can write it.
 */
export function createClientAddress(trustedProxies: readonly string[]): (req: IncomingMessage) => string | undefined {
  if (trustedProxies.length === 0) return (req) => req.socket.remoteAddress;
  const trust = proxyaddr.compile([...trustedProxies]);
  return (req) => (req.socket.remoteAddress === undefined ? undefined : proxyaddr(req, trust));
}

/** Problems with a TRUSTED_PROXIES list, as messages (empty: fine). */
export function trustedProxiesProblem(trustedProxies: readonly string[]): string | null {
  try {
    proxyaddr.compile([...trustedProxies]);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

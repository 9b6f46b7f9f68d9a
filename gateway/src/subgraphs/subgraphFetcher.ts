import http from 'node:http';
import https from 'node:https';
import nodeFetch from 'node-fetch';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';

/**
 * Subgraph calls over node:http with keep-alive agents (node-fetch, as Apollo's own default).
 * Measured against Node's global fetch (undici), which streams every request body in pieces:
 * the profile showed its socket writes and stream plumbing as the gateway's largest cost. Every
 * call gets its own deadline, and redirects are refused: a subgraph never sends the gateway (and
 * its signed identity header) elsewhere.
 */
export function createSubgraphFetcher(timeoutMs: number): Fetcher {
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 30_000 }),
    https: new https.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 30_000 }),
  };
  return async (url, init) => {
    const response = await nodeFetch(url, {
      method: init?.method,
      headers: init?.headers as Record<string, string>,
      body: init?.body as string | undefined,
      redirect: 'error',
      agent: (u: URL) => (u.protocol === 'https:' ? agents.https : agents.http),
      signal: AbortSignal.timeout(timeoutMs) as never,
    });
    return response as unknown as FetcherResponse;
  };
}

import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { createKeepAliveFetch } from '@stockgraph/shared/http';

/**
 * Subgraph calls over node:http with keep-alive agents (node-fetch, as Apollo's own default; see
 * createKeepAliveFetch). Every call gets its own deadline, and redirects are refused: a subgraph
 * never sends the gateway (and its signed identity header) elsewhere.
 */
export function createSubgraphFetcher(timeoutMs: number): Fetcher {
  const keepAlive = createKeepAliveFetch();
  return async (url, init) => {
    const response = await keepAlive(url, {
      method: init?.method,
      headers: init?.headers as Record<string, string>,
      body: init?.body as string | undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response as unknown as FetcherResponse;
  };
}

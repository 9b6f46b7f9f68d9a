import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';

/**
 * Node's fetch (undici): its global agent keeps connections to each subgraph alive and pooled.
 * Every call gets its own deadline, and redirects are refused: a subgraph never sends the
 * gateway (and its signed identity header) elsewhere.
 */
export function createSubgraphFetcher(timeoutMs: number): Fetcher {
  return async (url, init) => {
    const response = await fetch(url, {
      method: init?.method,
      headers: init?.headers,
      body: init?.body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response as unknown as FetcherResponse;
  };
}

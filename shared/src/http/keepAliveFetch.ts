import http from 'node:http';
import https from 'node:https';
import nodeFetch from 'node-fetch';

/** The part of a response our callers read. */
export interface PlainResponse { ok: boolean; status: number; text(): Promise<string> }

export interface PlainRequest { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }

export type PlainFetch = (url: string, init: PlainRequest) => Promise<PlainResponse>;

/**
 * HTTP over node:http(s) with keep-alive agents (node-fetch), for the gateway's subgraph calls
 * and the legacy clients. Node's global fetch (undici) takes every body through WHATWG streams:
 * in the gateway's profile its socket writes and stream plumbing were the largest cost. Redirects
 * are refused: a subgraph or legacy system never sends a caller (and its headers) elsewhere.
 */
export function createKeepAliveFetch(opts: { maxSockets?: number } = {}): (url: string, init: PlainRequest) => ReturnType<typeof nodeFetch> {
  const maxSockets = opts.maxSockets ?? 256;
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 30_000 }),
    https: new https.Agent({ keepAlive: true, maxSockets, keepAliveMsecs: 30_000 }),
  };
  return (url, init) => nodeFetch(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    redirect: 'error',
    agent: (u: URL) => (u.protocol === 'https:' ? agents.https : agents.http),
    signal: init.signal as never,
  });
}

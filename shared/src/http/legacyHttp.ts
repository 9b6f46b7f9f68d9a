/**
 * The one HTTP helper every legacy client uses: a timeout on every attempt, retries with
 * exponential backoff and jitter for calls that are safe to repeat (GETs, and writes that carry an
 * idempotency key), and one circuit breaker per system so a dead system fails fast and the
 * subgraph can flag its figures stale instead of queueing requests behind timeouts.
 *
 * Failures leave here as `LegacyError` only, built by `errorFromResponse`, whose messages name the
 * system and operation but never the base URL, host or response body: legacy bodies leak internals.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IBreaker,
  type IPolicy,
} from 'cockatiel';
import { LegacyError } from '../errors';
import { createLogger, type Logger } from '../logger';
import { createKeepAliveFetch, type PlainFetch, type PlainResponse } from './keepAliveFetch';

export type LegacyHealth = 'up' | 'down' | 'half-open';

export type BreakerConfig =
  | { kind: 'consecutive'; threshold?: number; halfOpenAfterMs?: number }
  | { kind: 'sampling'; threshold?: number; durationMs?: number; minimumRps?: number; halfOpenAfterMs?: number };

/** What every `<System>Client` constructor accepts. */
export interface LegacyClientOptions {
  baseUrl: string;
  /** per attempt, default 2000 ms */
  timeoutMs?: number;
  /** extra attempts for retryable calls, default 2 */
  retries?: number;
  /** first backoff delay, default 100 ms (jittered, doubling, capped at 2 s) */
  backoffMs?: number;
  logger?: Logger;
  breaker?: BreakerConfig;
  /** default: node:http with keep-alive (createKeepAliveFetch) */
  fetch?: PlainFetch;
}

export interface LegacyHttpOptions extends LegacyClientOptions {
  system: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface LegacyRequest {
  /** short label for messages and logs, e.g. 'materials' (never a URL) */
  op: string;
  method?: HttpMethod;
  /** path below the base URL, starting with '/' */
  path: string;
  query?: Record<string, string | number | undefined | null>;
  body?: string;
  contentType?: string;
  accept?: string;
  /** sent as `Idempotency-Key`; makes a write safe to retry */
  idempotencyKey?: string;
  /** non-2xx statuses the caller interprets itself (e.g. 404, 409, 422) instead of failing */
  passStatuses?: readonly number[];
}

export interface LegacyResponse {
  status: number;
  text: string;
}

export interface LegacyHttp {
  readonly system: string;
  /** the breaker's view of the system */
  readonly state: LegacyHealth;
  health(): LegacyHealth;
  onStateChange(listener: (state: LegacyHealth) => void): { dispose(): void };
  request(req: LegacyRequest): Promise<LegacyResponse>;
  getText(op: string, path: string, query?: LegacyRequest['query']): Promise<string>;
  getJson(op: string, path: string, query?: LegacyRequest['query']): Promise<unknown>;
}

export const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_RETRIES = 2;
const DEFAULT_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Any failure of a legacy call → `LegacyError`, without URL, host or body in the message. */
export function errorFromResponse(system: string, op: string, failure: unknown): LegacyError {
  if (failure instanceof LegacyError) return failure;
  if (failure instanceof BrokenCircuitError || failure instanceof IsolatedCircuitError) {
    return new LegacyError(system, 'unavailable', `${system} is unavailable (circuit open)`);
  }
  if (typeof failure === 'object' && failure !== null && typeof (failure as { status?: unknown }).status === 'number') {
    const status = (failure as { status: number }).status;
    return new LegacyError(system, 'status', `${system} ${op} failed with HTTP ${status}`, status);
  }
  const name = failure instanceof Error || isDomException(failure) ? (failure as Error).name : '';
  if (name === 'TimeoutError') return new LegacyError(system, 'timeout', `${system} ${op} timed out`);
  if (failure instanceof SyntaxError) return new LegacyError(system, 'format', `${system} ${op} answered malformed data`);
  return new LegacyError(system, 'unavailable', `${system} ${op} is unreachable`);
}

function isDomException(e: unknown): boolean {
  return typeof DOMException !== 'undefined' && e instanceof DOMException;
}

function healthOf(state: CircuitState): LegacyHealth {
  if (state === CircuitState.Closed) return 'up';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'down';
}

function createBreaker(config: BreakerConfig | undefined): { breaker: IBreaker; halfOpenAfter: number } {
  const halfOpenAfter = config?.halfOpenAfterMs ?? 10_000;
  if (config?.kind === 'sampling') {
    return {
      breaker: new SamplingBreaker({ threshold: config.threshold ?? 0.5, duration: config.durationMs ?? 30_000, minimumRps: config.minimumRps }),
      halfOpenAfter,
    };
  }
  return { breaker: new ConsecutiveBreaker(config?.threshold ?? 5), halfOpenAfter };
}

/** Transport failures that may pass with time; 4xx and format errors mean the system is up. */
const isTransient = (e: Error): boolean => e instanceof LegacyError && e.retryable;

export function createLegacyHttp(options: LegacyHttpOptions): LegacyHttp {
  const { system } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = normalizeBaseUrl(options.baseUrl, system);
  const log = (options.logger ?? createLogger('legacy')).child({ system });
  const { breaker, halfOpenAfter } = createBreaker(options.breaker);
  const breakerPolicy = circuitBreaker(handleWhen(isTransient), { breaker, halfOpenAfter });
  const retryPolicy = retry(handleWhen(isTransient), {
    maxAttempts: Math.max(0, options.retries ?? DEFAULT_RETRIES),
    backoff: new ExponentialBackoff({ initialDelay: options.backoffMs ?? DEFAULT_BACKOFF_MS, maxDelay: MAX_BACKOFF_MS }),
  });
  // Retry outside the breaker: every attempt counts towards opening it, and an open circuit
  // (BrokenCircuitError, not a LegacyError) is never retried.
  const retried: IPolicy = wrap(retryPolicy, breakerPolicy);

  breakerPolicy.onStateChange((s) => log.warn({ state: healthOf(s) }, 'legacy circuit state changed'));
  retryPolicy.onRetry((r) => {
    const reason = 'error' in r ? r.error.message : 'unexpected result';
    log.warn({ attempt: r.attempt, delayMs: Math.round(r.delay), reason }, 'retrying legacy call');
  });

  const doFetch: PlainFetch = options.fetch ?? createKeepAliveFetch();

  async function attempt(req: LegacyRequest): Promise<LegacyResponse> {
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = {};
    if (req.accept) headers.accept = req.accept;
    if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
    if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey;
    const started = Date.now();
    const signal = AbortSignal.timeout(timeoutMs);
    let res: PlainResponse;
    let text: string;
    try {
      res = await doFetch(urlFor(base, req), { method, headers, body: req.body, signal });
      // The body is read under the same timeout signal: a server that stalls mid-body times out too.
      text = await res.text();
    } catch (err) {
      // node-fetch rejects an aborted call with its own AbortError: the signal says why
      const error = errorFromResponse(system, req.op, signal.aborted ? signal.reason : err);
      log.warn({ op: req.op, method, path: req.path, kind: error.kind, code: codeOf(err), ms: Date.now() - started }, 'legacy call failed');
      throw error;
    }
    if (res.ok || req.passStatuses?.includes(res.status)) {
      log.debug({ op: req.op, method, status: res.status, ms: Date.now() - started }, 'legacy call');
      return { status: res.status, text };
    }
    const error = errorFromResponse(system, req.op, res);
    log.warn({ op: req.op, method, path: req.path, status: res.status, bytes: text.length, ms: Date.now() - started }, 'legacy call answered an error');
    throw error;
  }

  async function request(req: LegacyRequest): Promise<LegacyResponse> {
    if (req.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(req.idempotencyKey)) {
      throw new RangeError('idempotency key must be 1-255 printable ASCII characters');
    }
    const safeToRepeat = (req.method ?? 'GET') === 'GET' || req.idempotencyKey !== undefined;
    const policy: IPolicy = safeToRepeat ? retried : breakerPolicy;
    try {
      return await policy.execute(() => attempt(req));
    } catch (err) {
      throw errorFromResponse(system, req.op, err);
    }
  }

  const http: LegacyHttp = {
    system,
    get state() {
      return healthOf(breakerPolicy.state);
    },
    health: () => healthOf(breakerPolicy.state),
    onStateChange: (listener) => breakerPolicy.onStateChange((s) => listener(healthOf(s))),
    request,
    getText: async (op, path, query) => (await request({ op, path, query })).text,
    getJson: async (op, path, query) => {
      const text = await http.getText(op, path, query);
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        throw errorFromResponse(system, op, err);
      }
    },
  };
  return http;
}

function normalizeBaseUrl(baseUrl: string, system: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`${system} base URL is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${system} base URL must be http(s)`);
  return url.toString().replace(/\/+$/, '');
}

function urlFor(base: string, req: LegacyRequest): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return `${base}${req.path}${qs ? `?${qs}` : ''}`;
}

function codeOf(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

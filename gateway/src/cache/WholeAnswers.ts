import type { Identity } from '@stockgraph/shared/auth';
import type { RequestState } from '../GatewayContext';
import { cacheKey } from './cacheKey';
import type { CachedResponse, ResponseCache } from './ResponseCache';

/** The headers a kept answer is sent with again (its caching headers, from cdnHeaders). */
const KEPT_HEADERS = ['cache-control', 'cache-tag', 'surrogate-key'];

/**
 * The whole-answer cache as the HTTP adapter uses it: `lookup` before Apollo (a hit, or the answer
 * of a request asking the same right now, else this request answers and notes what it needs to
 * be kept); `keep` with Apollo's answer; `settle` always, so those waiting go on.
 */
export class WholeAnswers {
  constructor(readonly cache: ResponseCache) {}

  async lookup(identity: Identity, accept: string | undefined, rawJson: string, state: RequestState): Promise<CachedResponse | undefined> {
    const key = cacheKey(identity, accept, rawJson);
    const hit = this.cache.get(key);
    const inFlight = hit ? null : this.cache.join(key);
    const answer = hit ?? (inFlight ? await inFlight : undefined);
    if (answer) return answer;
    state.cache = { key, startEpoch: this.cache.startEpoch(), tags: null, clean: false, leads: inFlight === null, readThrough: [] };
    return undefined;
  }

  /** The plan is known: the SKUs the answer depends on (null: it is not kept). */
  planned(state: RequestState, tags: string[] | null, readThroughMs: number): void {
    const c = state.cache;
    if (!c) return;
    c.tags = tags;
    if (tags) c.readThrough = this.cache.recentlyChanged(tags, readThroughMs);
    else if (c.leads) {
      // nothing will be kept: those waiting for this answer go their own way now, not after it
      this.cache.settle(c.key, undefined);
      c.leads = false;
    }
  }

  /**
   * The answer: kept when whole, for the SKUs named, nothing changed meanwhile, and the question
   * was asked before (a first asking is handed to those waiting for it, not stored). Returns what
   * those waiting may use.
   */
  keep(state: RequestState, status: number, body: string, header: (name: string) => string | undefined): CachedResponse | undefined {
    const c = state.cache;
    if (!c?.tags || !c.clean || status !== 200) return undefined;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const v = header(name);
      if (v !== undefined) headers[name] = v;
    }
    const value: CachedResponse = { body, contentType: header('content-type') ?? 'application/json', operationName: state.operationName, tags: c.tags, headers };
    if (!this.cache.seenBefore(c.key)) return this.cache.fresh(value.tags, c.startEpoch) ? value : undefined;
    return this.cache.set(c.key, value, c.startEpoch) ? value : undefined;
  }

  /** The answering request is done (kept: what `keep` kept). */
  settle(state: RequestState, kept: CachedResponse | undefined): void {
    if (state.cache?.leads) this.cache.settle(state.cache.key, kept);
  }
}

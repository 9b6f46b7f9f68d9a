import type { Identity } from '@stockgraph/shared/auth';
import type { RequestState } from '../GatewayContext';
import { cacheKey } from './cacheKey';
import type { OperationText } from '../http/vettedOperation';
import type { CachedResponse, ResponseCache } from './ResponseCache';

/** The headers a kept answer is sent with again (its caching headers, from cdnHeaders). */
const KEPT_HEADERS = ['cache-control', 'cache-tag', 'surrogate-key'];

/**
 * The whole-answer cache as the HTTP adapter uses it: `lookup` before Apollo (a hit, or the answer
 * of a request asking the same right now, else this request answers and notes what it needs to
 * be kept); `keep` with Apollo's answer; `settle` always, so those waiting go on.
 */
export class WholeAnswers {
  /** operation texts whose plan can never be kept, with the operation names asked (scans, mutations…): not looked up again */
  private readonly unkeepable = new Map<string, Set<string>>();

  constructor(readonly cache: ResponseCache, private readonly maxUnkeepable = 1000) {}

  /** `text`: the request's operation text and name, when it is a plain request (plainRequest) */
  async lookup(identity: Identity, accept: string | undefined, rawJson: string, state: RequestState, text: OperationText | null = null): Promise<CachedResponse | undefined> {
    if (text !== null && this.unkeepable.get(text.query)?.has(text.operationName ?? '')) {
      this.cache.stats.unkeepable++;
      return undefined;
    }
    const key = cacheKey(identity, accept, rawJson);
    const hit = this.cache.get(key);
    const inFlight = hit ? null : this.cache.join(key);
    const answer = hit ?? (inFlight ? await inFlight : undefined);
    if (answer) return answer;
    state.cache = { key, startEpoch: this.cache.startEpoch(), tags: null, clean: false, leads: inFlight === null, readThrough: [], text };
    return undefined;
  }

  /**
   * The plan is known: the SKUs the answer depends on (null: it is not kept); `keepable` false
   * when no request of this text ever can be (then later ones skip the lookup).
   */
  planned(state: RequestState, tags: string[] | null, readThroughMs: number, keepable = true): void {
    const c = state.cache;
    if (!c) return;
    if (!keepable && c.text !== null) this.remember(c.text);
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

  private remember(text: OperationText): void {
    const names = this.unkeepable.get(text.query);
    if (names) names.add(text.operationName ?? '');
    else if (this.unkeepable.size < this.maxUnkeepable) this.unkeepable.set(text.query, new Set([text.operationName ?? '']));
  }

  /** The answering request is done (kept: what `keep` kept). */
  settle(state: RequestState, kept: CachedResponse | undefined): void {
    if (state.cache?.leads) this.cache.settle(state.cache.key, kept);
  }
}

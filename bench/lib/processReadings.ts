/**
 * What the load benchmarks read from our gateways' /metrics around each run (cache counters,
 * pass-through count, time spent collecting garbage), and how two readings become a rate. A
 * process's CPU time is scripts/spawnProcess.ts's readCpuMs.
 */
import type { Contender } from './scenarios';

/** a gateway's /metrics text (null: none answered) */
export async function metricsText(c: Contender): Promise<string | null> {
  try {
    const res = await fetch(`${c.origin}/metrics`);
    return res.ok ? await res.text() : null;
  } catch {
    return null;
  }
}

/** our gateway's cache counters, from its /metrics: whole answers (hits and misses per request), positions (per SKU read), position answers (per request) */
export function stockCacheCounters(text: string): CacheCounters {
  const read = (name: string, label: string, m: string) => Number(new RegExp(`^${name}\\{${label}="${m}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  // a miss that waited for the same question's answer in flight was answered by the gateway too
  return {
    hits: read('gateway_stock_cache', 'measure', 'hits') + read('gateway_stock_cache', 'measure', 'coalesced'),
    misses: read('gateway_stock_cache', 'measure', 'misses') - read('gateway_stock_cache', 'measure', 'coalesced'),
    positionHits: read('gateway_position_cache', 'measure', 'hits'),
    positionMisses: read('gateway_position_cache', 'measure', 'misses'),
    positionAnswers: read('gateway_position_answers_total', 'path', 'apollo') + read('gateway_position_answers_total', 'path', 'fast'),
    // every GraphQL request the gateway has answered, whatever its operation and status
    requests: [...text.matchAll(/^gateway_graphql_requests_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0),
  };
}
export interface CacheCounters { hits: number; misses: number; positionHits: number; positionMisses: number; positionAnswers: number; requests: number }

/** of what happened between two readings, the share that was a hit (null: nothing happened) */
export function share(before: CacheCounters | null, after: CacheCounters | null, hit: keyof CacheCounters, miss: keyof CacheCounters): number | null {
  if (!before || !after) return null;
  return fraction(after[hit] - before[hit], after[hit] - before[hit] + after[miss] - before[miss]);
}

/** between two readings, `part` as a share of `whole` (null: nothing happened) */
export function shareOf(before: CacheCounters | null, after: CacheCounters | null, part: keyof CacheCounters, whole: keyof CacheCounters): number | null {
  if (!before || !after) return null;
  return fraction(after[part] - before[part], after[whole] - before[whole]);
}

const fraction = (n: number, of: number): number | null => (of > 0 ? Math.round((1000 * n) / of) / 1000 : null);

/** what grew between two readings, per unit of `of` (3 decimals); null when either reading or `of` is missing */
export function perUnit(before: number | null, after: number | null, of: number): number | null {
  return before === null || after === null ? null : fraction(after - before, of);
}

/** requests our gateway answered by passing them through; null for a gateway without that counter */
export function passThroughCount(text: string): number | null {
  const m = /^gateway_passthrough_total\{outcome="answered"\} (\d+)/m.exec(text);
  return m ? Number(m[1]) : /gateway_passthrough_total/.test(text) ? 0 : null;
}

/** seconds the process has spent collecting garbage, every kind (prom-client's nodejs_gc_duration_seconds); null without it */
export function gcSeconds(text: string): number | null {
  const sums = [...text.matchAll(/^nodejs_gc_duration_seconds_sum\{[^}]*\} ([\d.e+-]+)/gm)];
  return sums.length ? sums.reduce((n, m) => n + Number(m[1]), 0) : null;
}

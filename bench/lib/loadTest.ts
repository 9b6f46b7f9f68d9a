/**
 * One measured load run with autocannon's programmatic API, from the bench runner's process (the
 * servers are other processes): fixed connections, fixed duration, a rotating list of requests,
 * every answer checked, and the target process's resident memory sampled while it runs.
 */
import { readRssKb } from '../../scripts/spawnProcess';
import { round } from './stats';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** autocannon's hook: called before every send, returns the request to send (a fresh draw) */
  setupRequest?: (req: LoadRequest) => LoadRequest;
}

export interface LoadRun {
  url: string;
  requests: LoadRequest[];
  /** false: the answer counts as an error (a GraphQL error, a refused hold…) */
  verify: (body: string) => boolean;
  connections: number;
  durationS: number;
  /** pid whose VmRSS is sampled during the run */
  pid?: number;
  /** other processes whose VmRSS is sampled too (the subgraph behind a gateway), by name */
  alsoPids?: Record<string, number>;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  /** non-2xx + socket errors + timeouts + answers that failed verification */
  errors: number;
  /** the answers that failed verification, by the codes they carried (userErrors, then GraphQL errors) */
  failedAnswers: Record<string, number>;
  requests: number;
  rssMaxMb: number | null;
  /** the highest VmRSS of each of alsoPids */
  alsoRssMaxMb: Record<string, number | null>;
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  duration: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; this is the slice of its API used here
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as Autocannon;

const RSS_SAMPLE_MS = 200;

export async function runLoad(o: LoadRun): Promise<LoadResult> {
  let rssMax = 0;
  const also = Object.entries(o.alsoPids ?? {});
  const alsoMax = new Map(also.map(([name]) => [name, 0]));
  const sample = () => {
    const kb = o.pid ? readRssKb(o.pid) : null;
    if (kb !== null && kb > rssMax) rssMax = kb;
    for (const [name, pid] of also) {
      const k = readRssKb(pid);
      if (k !== null && k > alsoMax.get(name)!) alsoMax.set(name, k);
    }
  };
  sample();
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  const failedAnswers: Record<string, number> = {};
  try {
    const r = await autocannon({
      url: o.url,
      connections: o.connections,
      duration: o.durationS,
      requests: o.requests,
      verifyBody: (body: string) => {
        const ok = o.verify(body);
        if (!ok) {
          const code = failureCode(body);
          failedAnswers[code] = (failedAnswers[code] ?? 0) + 1;
        }
        return ok;
      },
      timeout: 10,
    });
    const total = r.requests.total;
    return {
      // total over the measured time, not autocannon's per-second average (which drops a partial last second)
      rps: round(total / (r.duration || o.durationS), 1),
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.timeouts + r.non2xx + r.mismatches,
      failedAnswers,
      requests: total,
      rssMaxMb: rssMax ? round(rssMax / 1024, 1) : null,
      alsoRssMaxMb: Object.fromEntries([...alsoMax].map(([name, kb]) => [name, kb ? round(kb / 1024, 1) : null])),
    };
  } finally {
    clearInterval(timer);
  }
}

/** A GraphQL POST as a client sends it. */
export function graphqlRequest(path: string, query: string, variables: object, headers: Record<string, string> = {}): LoadRequest {
  return { method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) };
}

/** what a failed answer says it is: its first userError's code, else its first GraphQL error's, else `unreadable` */
export function failureCode(body: string): string {
  const m = /"userErrors":\[\{.*?"code":"([A-Z_]+)"/.exec(body) ?? /"errors":\[\{.*?"code":"([A-Z_]+)"/.exec(body);
  return m ? m[1]! : 'unreadable';
}

/** true when a GraphQL answer has data and no errors (mutations: no userErrors either) */
export function cleanGraphQLAnswer(body: string): boolean {
  return body.startsWith('{"data"') && !body.includes('"errors":[{') && !/"userErrors":\[\{/.test(body);
}

/**
 * Throughput side by side (issue 8): each scenario against every contender that can answer it,
 * on the same subgraph processes in the same run. Per scenario: a probe request per contender (a
 * contender that answers wrongly is reported, not measured), a warm-up, then BENCH_REPEATS
 * measured runs with the contenders interleaved, so drift on the shared machine hits all alike.
 * Writes bench/results/throughput.json.
 */
import { IDENTITY_HEADER, signIdentity } from '@stockgraph/shared/auth';
import type { BenchHarness } from './lib/benchHarness';
import { identityFor, KEYS } from './lib/benchKeys';
import { graphqlRequest, runLoad, type LoadRequest, type LoadResult } from './lib/loadTest';
import { PARTNER_STOCK } from './lib/operations';
import { buildScenarios, renderRequests, repeatOrder, SCENARIO_NAMES, verifierFor, withBaseline, type Contender, type Scenario } from './lib/scenarios';
import { startLoadWatch } from './lib/machineLoad';
import { pairedRatios, ratio, spread, type Spread } from './lib/stats';
import { writeResult } from './lib/writeResult';
import { gcSeconds, metricsText, passThroughCount, perUnit, share, shareOf, stockCacheCounters } from './lib/processReadings';
import { readCpuMs } from '../scripts/spawnProcess';
import { startChurn } from './lib/ledgerChurn';

/** an environment as `A=1 B=2` */
export const envText = (env: Record<string, string>) => Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ') || '(its defaults)';

export interface ContenderResult {
  rps: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  errors: number;
  /** answers that failed verification over the measured runs, by code */
  failedAnswers: Record<string, number>;
  requests: number;
  /** the highest VmRSS sampled during the scenario's measured runs */
  rssMaxMb: number | null;
  /** gateways: the highest VmRSS of the unification subgraph behind them during their measured runs */
  unificationRssMaxMb?: number | null;
  /** our gateway: share of whole-answer lookups its whole-answer cache answered (hits, and misses that joined the same question in flight) */
  cacheHitRatio?: Spread;
  /** our gateway: share of requests answered from its position cache (no plan, no subgraph call), from /metrics */
  positionAnswerRatio?: Spread;
  /** our gateway: of the SKUs those answers read, the share found in the position cache (the rest read from Redis) */
  positionCacheHitRatio?: Spread;
  /** our gateways: share of requests sent to their subgraph as written (the pass-through), from /metrics */
  passThroughRatio?: Spread;
  /** CPU time of the contender's process (user + system, /proc) per request answered */
  cpuMsPerRequest?: Spread;
  /** our gateways: seconds of garbage collection per second of the run (nodejs_gc_duration_seconds in their /metrics) */
  gcShare?: Spread;
}

interface RunReadings {
  cacheHitRatio: number | null; positionCacheHitRatio: number | null; positionAnswerRatio: number | null; passThroughRatio: number | null;
  cpuMsPerRequest: number | null; gcShare: number | null;
}

export interface ScenarioResult {
  name: string;
  title: string;
  results: Record<string, ContenderResult>;
  skipped: Record<string, string>;
  /** ledger changes written during the measured runs, on the SKUs asked about */
  stockChangesPerSecond?: Spread | null;
  ratios: { oursOverHiveRps: number | null; oursOverCeilingRps: number | null; oursOverDirectRps: number | null; oursOverHiveP99: number | null; oursOverHiveRustRps?: number | null; oursOverBaselineRps?: number | null; oursOverTwinRps?: number | null; twinOverBaselineRps?: number | null };
  /** with a baseline (and a twin): RPS ratios taken repeat by repeat (pairedRatios), e.g. `ours/baseline` */
  pairedRpsRatios?: Record<string, Spread | null>;
}

/** the side-by-side pairs a regression check reads repeat by repeat */
const PAIRS = [['ours', 'baseline'], ['twin', 'baseline'], ['ours', 'twin']] as const;

export async function runThroughput(h: BenchHarness, log: (line: string) => void) {
  const c = h.config;
  const only = c.BENCH_SCENARIOS?.split(',').map((s) => s.trim()).filter(Boolean);
  const scenarios = withBaseline(await buildScenarios(h.data, h.auth, c.SIM_SEED), h.contenders, c.BENCH_BASELINE_FIRST).filter((s) => !only || only.includes(s.name));
  const machine = startLoadWatch();
  const out: ScenarioResult[] = [];
  for (const s of scenarios) out.push(await runScenario(h, s, log));
  const load = machine();
  const result = {
    name: 'throughput',
    settings: { ...loadSettings(h), scenarios: SCENARIO_NAMES },
    contenders: {
      ours: 'our gateway (gateway/src/main.ts, Apollo Gateway 2.14 in Apollo Server 5, production mode), stock cache on (the default)',
      uncached: `our gateway with ${envText(c.BENCH_UNCACHED_ENV)}`,
      hive: '@graphql-hive/gateway runtime (JavaScript planner), same supergraph, signs the same identity header',
      'hive-rust': 'the same Hive Gateway with @graphql-hive/router-runtime (Rust query planner), when installed',
      direct: 'the unification subgraph called directly with a signed identity (no gateway)',
      ceiling: 'bare node:http + one HGETALL + positionCodec + sum (single SKU only)',
    },
    machine: load,
    idleRssMb: h.idleRssMb,
    scenarios: out,
    partnerProbe: await probeBigAssortment(h),
    notes: h.notes,
  };
  return writeResult('throughput', result);
}

/** the settings every load run records: how it loaded, on what world, against which contenders set up how */
export function loadSettings(h: BenchHarness) {
  const c = h.config;
  return {
    connections: c.BENCH_CONNECTIONS, durationS: c.BENCH_DURATION_S, warmupS: c.BENCH_WARMUP_S, repeats: c.BENCH_REPEATS,
    simSize: c.SIM_SIZE, skus: h.data.skuIds.length, locations: h.data.registry.allLocations().length,
    mode: c.BENCH_MODE, ...(c.BENCH_CONTENDERS ? { contendersMeasured: c.BENCH_CONTENDERS } : {}), ...(c.BENCH_ALTERNATE_ORDER ? { alternateOrder: true } : {}),
    oursEnv: c.BENCH_OURS_ENV, ...(c.BENCH_OURS_NODE_ARGS ? { oursNodeArgs: c.BENCH_OURS_NODE_ARGS } : {}), uncachedEnv: c.BENCH_UNCACHED_ENV,
    ...(c.BENCH_BASELINE_DIR ? { baseline: { dir: c.BENCH_BASELINE_DIR, nodeArgs: c.BENCH_BASELINE_NODE_ARGS, first: c.BENCH_BASELINE_FIRST } } : {}),
    ...(c.BENCH_TWIN_DIR ? { twin: { dir: c.BENCH_TWIN_DIR, nodeArgs: c.BENCH_BASELINE_NODE_ARGS } } : {}),
  };
}

export async function runScenario(h: BenchHarness, s: Scenario, log: (line: string) => void): Promise<ScenarioResult> {
  const c = h.config;
  const skipped: Record<string, string> = {};
  const active: Contender[] = [];
  const chosen = c.BENCH_CONTENDERS?.split(',').map((n) => n.trim()).filter(Boolean);
  for (const name of s.contenders) {
    const contender = h.contenders[name];
    if (!contender) { skipped[name] = 'not running'; continue; }
    if (chosen && !chosen.includes(name)) { skipped[name] = 'not in BENCH_CONTENDERS'; continue; }
    const problem = await probe(contender, renderRequests(s, contender, h.auth, h.secret)[0]!, verifierFor(s, contender));
    if (problem) skipped[name] = problem;
    else active.push(contender);
  }
  if (s.skipOnProbeFailure && skipped.ours) {
    log(`${s.name}: skipped (${skipped.ours})`);
    return { name: s.name, title: s.title, results: {}, skipped, stockChangesPerSecond: null, ratios: { oursOverHiveRps: null, oursOverCeilingRps: null, oursOverDirectRps: null, oursOverHiveP99: null } };
  }
  // stock keeps changing under the read scenarios, on the very SKUs they ask about
  // (drawn scenarios: on SKUs drawn by the same popularity as the questions)
  const asked = [...new Set(s.asks.flatMap((a) => (Array.isArray(a.variables.skus) ? (a.variables.skus as string[]) : [])))];
  const dc = h.data.registry.allLocations().find((l) => l.type === 'DISTRIBUTION_CENTER')!.id;
  const churns = !s.mutates && c.BENCH_CHURN_PER_S > 0 && asked.length > 0;
  const churnRates: number[] = [];
  const unificationPid = h.contenders.direct?.pid;
  /** stream 0 is the warm-up's; repeat r draws stream r + 1, the same for every contender */
  const run = async (contender: Contender, durationS: number, stream: number) => {
    const churn = churns
      ? await startChurn({ redisUrl: c.REDIS_URL, keyPrefix: h.keyPrefix, skus: asked, pick: s.churnSkus?.(stream), locationId: dc, perSecond: c.BENCH_CHURN_PER_S, seed: stream + 1 })
      : null;
    const readings = async () => {
      const text = contender.kind === 'gateway' ? await metricsText(contender) : null;
      return {
        cache: contender.name === 'ours' && text !== null ? stockCacheCounters(text) : null,
        passed: text === null ? null : passThroughCount(text), gcS: text === null ? null : gcSeconds(text), cpuMs: readCpuMs(contender.pid),
      };
    };
    const at0 = await readings();
    try {
      const res = await runLoad({
        url: contender.origin, requests: renderRequests(s, contender, h.auth, h.secret, stream), verify: verifierFor(s, contender),
        connections: c.BENCH_CONNECTIONS, durationS, pid: contender.pid,
        alsoPids: contender.kind === 'gateway' && unificationPid ? { unification: unificationPid } : {},
      });
      const at1 = await readings();
      const before = at0.cache;
      const after = at1.cache;
      return {
        ...res,
        passThroughRatio: perUnit(at0.passed, at1.passed, res.requests),
        // the contender's own process: CPU time per request, and the share of the run its collector took (our gateways' /metrics)
        cpuMsPerRequest: perUnit(at0.cpuMs, at1.cpuMs, res.requests),
        gcShare: perUnit(at0.gcS, at1.gcS, durationS),
        cacheHitRatio: share(before, after, 'hits', 'misses'),
        positionCacheHitRatio: share(before, after, 'positionHits', 'positionMisses'),
        // both counted by the gateway over the same window (the client's count leaves out requests in flight at its ends)
        positionAnswerRatio: shareOf(before, after, 'positionAnswers', 'requests'),
      } satisfies LoadResult & RunReadings;
    } finally {
      const done = await churn?.stop();
      if (done) churnRates.push(done.perSecond);
    }
  };
  if (c.BENCH_WARMUP_S > 0) for (const contender of active) await run(contender, c.BENCH_WARMUP_S, 0);
  const runs = new Map<string, (LoadResult & RunReadings)[]>(active.map((a) => [a.name, []]));
  for (let r = 0; r < c.BENCH_REPEATS; r++) {
    const order = repeatOrder(active, r, c.BENCH_ALTERNATE_ORDER);
    for (const contender of order) {
      const res = await run(contender, c.BENCH_DURATION_S, r + 1);
      runs.get(contender.name)!.push(res);
      log(`${s.name} #${r + 1} ${contender.name}: ${res.rps} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms, errors ${res.errors}${Object.keys(res.failedAnswers).length ? ` ${JSON.stringify(res.failedAnswers)}` : ''}, rss ${res.rssMaxMb} MB${res.cacheHitRatio === null ? '' : `, whole-answer hit ratio ${res.cacheHitRatio}`}${res.positionAnswerRatio === null ? '' : `, answered from positions ${res.positionAnswerRatio} (SKU hit ratio ${res.positionCacheHitRatio})`}${res.passThroughRatio ? `, passed through ${res.passThroughRatio}` : ''}${res.cpuMsPerRequest === null ? '' : `, cpu ${res.cpuMsPerRequest} ms/req`}${res.gcShare === null ? '' : `, gc ${res.gcShare}`}`);
    }
  }
  const results: Record<string, ContenderResult> = {};
  for (const [name, rs] of runs) {
    const rss = rs.map((r) => r.rssMaxMb).filter((x): x is number => x !== null);
    results[name] = {
      rps: spread(rs.map((r) => r.rps)), p50Ms: spread(rs.map((r) => r.p50)), p99Ms: spread(rs.map((r) => r.p99)),
      errors: rs.reduce((a, r) => a + r.errors, 0), requests: rs.reduce((a, r) => a + r.requests, 0),
      failedAnswers: rs.reduce<Record<string, number>>((all, r) => {
        for (const [code, n] of Object.entries(r.failedAnswers)) all[code] = (all[code] ?? 0) + n;
        return all;
      }, {}),
      rssMaxMb: rss.length ? Math.max(...rss) : null,
      ...(h.contenders[name]?.kind === 'gateway' ? { unificationRssMaxMb: maxOrNull(rs.map((r) => r.alsoRssMaxMb.unification ?? null)) } : {}),
      ...(name === 'ours' && rs.some((r) => r.cacheHitRatio !== null) ? { cacheHitRatio: spread(rs.map((r) => r.cacheHitRatio ?? 0), 3) } : {}),
      ...(name === 'ours' && rs.some((r) => r.positionAnswerRatio !== null) ? {
        positionAnswerRatio: spread(rs.map((r) => r.positionAnswerRatio ?? 0), 3), positionCacheHitRatio: spread(rs.map((r) => r.positionCacheHitRatio ?? 0), 3),
      } : {}),
      ...(rs.some((r) => r.passThroughRatio !== null) ? { passThroughRatio: spread(rs.map((r) => r.passThroughRatio ?? 0), 3) } : {}),
      ...(rs.some((r) => r.cpuMsPerRequest !== null) ? { cpuMsPerRequest: spread(rs.map((r) => r.cpuMsPerRequest ?? 0), 3) } : {}),
      ...(rs.some((r) => r.gcShare !== null) ? { gcShare: spread(rs.map((r) => r.gcShare ?? 0), 3) } : {}),
    };
  }
  const rps = (n: string) => results[n]?.rps.median;
  return {
    name: s.name, title: s.title, results, skipped,
    stockChangesPerSecond: churns ? spread(churnRates) : null,
    ratios: {
      oursOverHiveRps: ratio(rps('ours'), rps('hive')), oursOverCeilingRps: ratio(rps('ours'), rps('ceiling')),
      oursOverDirectRps: ratio(rps('ours'), rps('direct')), oursOverHiveP99: ratio(results.ours?.p99Ms.median, results.hive?.p99Ms.median),
      oursOverHiveRustRps: ratio(rps('ours'), rps('hive-rust')),
      ...(results.baseline ? { oursOverBaselineRps: ratio(rps('ours'), rps('baseline')) } : {}),
      // identical code beside both: what an A/B ratio must clear (twin/baseline is the code's own change, launched alike)
      ...(results.twin ? { oursOverTwinRps: ratio(rps('ours'), rps('twin')), twinOverBaselineRps: ratio(rps('twin'), rps('baseline')) } : {}),
    },
    ...(runs.has('baseline') ? {
      pairedRpsRatios: Object.fromEntries(PAIRS.filter(([a, b]) => runs.has(a) && runs.has(b))
        .map(([a, b]) => [`${a}/${b}`, pairedRatios(runs.get(a)!.map((r) => r.rps), runs.get(b)!.map((r) => r.rps))])),
    } : {}),
  };
}

function maxOrNull(xs: (number | null)[]): number | null {
  const given = xs.filter((x): x is number => x !== null);
  return given.length ? Math.max(...given) : null;
}

/** null when the contender answers the request correctly, else what it answered */
async function probe(c: Contender, req: LoadRequest, verify: (body: string) => boolean): Promise<string | null> {
  try {
    const res = await fetch(c.origin + req.path, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(30_000) });
    const body = await res.text();
    return res.ok && verify(body) ? null : `HTTP ${res.status}: ${body.slice(0, 300)}`;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The demo partner's assortment is every other SKU: at bench size 5,000 SKU ids travel in every
 * signed identity header. Asked once per gateway (and the subgraph directly) to record whether that works.
 */
async function probeBigAssortment(h: BenchHarness): Promise<Record<string, string>> {
  const skus = (h.auth.assortments.acme ?? []).slice(0, 100);
  const variables = { skus, channel: 'MARKETPLACE' };
  const identity = identityFor(KEYS.acme, h.auth)!;
  const header = signIdentity(identity, h.secret, Date.now());
  const out: Record<string, string> = { assortmentSkus: String(identity.assortment?.length ?? 0), identityHeaderBytes: String(header.length) };
  for (const name of ['ours', 'hive', 'direct']) {
    const c = h.contenders[name]!;
    const req = c.kind === 'direct'
      ? graphqlRequest('/graphql', PARTNER_STOCK, variables, { [IDENTITY_HEADER]: header })
      : graphqlRequest('/graphql', PARTNER_STOCK, variables, { 'x-api-key': KEYS.acme });
    out[name] = (await probe(c, req, (b) => b.startsWith('{"data"') && !b.includes('"errors"'))) ?? 'ok';
  }
  return out;
}

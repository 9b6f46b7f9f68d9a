/**
 * Throughput under storefront traffic as a shop sees it: every request drawn afresh (Zipf
 * popularity over the whole catalogue, shoppers at many points, stock changing by the same
 * popularity; lib/realisticTraffic.ts), each scenario against every contender that can answer
 * it, interleaved as in throughput.ts. Also: our gateway's stock cache hit ratio (from /metrics),
 * RSS of the gateway and of the unification subgraph under load, and freshness (sale to
 * storefront) with every cache on. Writes bench/results/realistic.json.
 */
import type { BenchHarness } from './lib/benchHarness';
import { startLoadWatch } from './lib/machineLoad';
import { buildRealisticScenarios, REALISTIC_SCENARIO_NAMES, withBaseline } from './lib/scenarios';
import { writeResult } from './lib/writeResult';
import { runFreshness } from './freshness';
import { envText, loadSettings, runScenario, type ScenarioResult } from './throughput';

export async function runRealistic(h: BenchHarness, log: (line: string) => void) {
  const c = h.config;
  const only = c.BENCH_SCENARIOS?.split(',').map((s) => s.trim()).filter(Boolean);
  const traffic = { seed: c.BENCH_SEED, zipfS: c.BENCH_ZIPF_S, shopperPoints: c.BENCH_SHOPPER_POINTS };
  const scenarios = withBaseline(buildRealisticScenarios(h.data, traffic), h.contenders, c.BENCH_BASELINE_FIRST).filter((s) => !only || only.includes(s.name));
  const machine = startLoadWatch();
  const out: ScenarioResult[] = [];
  for (const s of scenarios) out.push(await runScenario(h, s, log));
  const load = machine();
  // the load's figures are kept even if the freshness run after it fails
  writeResult('realistic', { name: 'realistic', partial: 'throughput only: freshness had not finished', scenarios: out, machine: load });
  log('realistic: freshness with every cache on, after the load');
  const f = (await runFreshness(h, log, 'realistic-freshness')) as { p50Ms: number | null; p99Ms: number | null; maxMs: number | null; measured: number; missed: number; failed: number; targetMet: boolean };
  return writeResult('realistic', {
    name: 'realistic',
    settings: {
      ...loadSettings(h), scenarios: REALISTIC_SCENARIO_NAMES,
      seed: c.BENCH_SEED, zipfS: c.BENCH_ZIPF_S, shopperPoints: c.BENCH_SHOPPER_POINTS, churnPerS: c.BENCH_CHURN_PER_S,
    },
    contenders: {
      ours: `our gateway with its defaults (position and whole-answer caches, pass-through) and ${envText(c.BENCH_OURS_ENV)}`,
      uncached: `our gateway with ${envText(c.BENCH_UNCACHED_ENV)} (by default both stock caches off; single-fetch queries passed through)`,
      'uncached-no-passthrough': `our gateway with ${envText(c.BENCH_UNCACHED_ENV)} PASSTHROUGH_ENABLED=false (by default every query through Apollo Gateway)`,
      hive: '@graphql-hive/gateway runtime (JavaScript planner)',
      'hive-rust': 'the same Hive Gateway with @graphql-hive/router-runtime (Rust query planner)',
      direct: 'the unification subgraph called directly with a signed identity (no gateway)',
      ceiling: 'bare node:http + one HGETALL + positionCodec + sum (single SKU only)',
      ...(c.BENCH_BASELINE_DIR ? { baseline: `our gateway of the checkout at ${c.BENCH_BASELINE_DIR}, under tsx, with ${c.BENCH_BASELINE_NODE_ARGS}` } : {}),
      ...(c.BENCH_TWIN_DIR ? { twin: `our gateway of the checkout at ${c.BENCH_TWIN_DIR} (this commit), launched as the baseline is` } : {}),
    },
    method: 'each request drawn afresh by autocannon setupRequest from a seeded stream (repeat r of every contender draws the same stream); stock changes at BENCH_CHURN_PER_S on SKUs drawn by the same Zipf popularity (+1 then −1 on a DC position, through the ledger and its change events)',
    machine: load,
    idleRssMb: h.idleRssMb,
    scenarios: out,
    freshness: { p50Ms: f.p50Ms, p99Ms: f.p99Ms, maxMs: f.maxMs, measured: f.measured, missed: f.missed, failed: f.failed, targetMet: f.targetMet, details: 'bench/results/realistic-freshness.json' },
    notes: h.notes,
  });
}

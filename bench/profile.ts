/**
 * CPU profile of our gateway under the storefront mix: a second gateway process on the same
 * subgraphs, started with --cpu-prof, warmed, loaded for PROFILE_S seconds, then stopped with
 * SIGTERM so V8 writes the profile. Self time per function and per package goes to
 * bench/results/profile.json; the .cpuprofile itself (open it in Chrome DevTools or speedscope
 * for the flame graph) is left in the temp directory printed. With BENCH_BASELINE_DIR the other
 * checkout's gateway is profiled the same way right after (`baseline` in the results).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchHarness } from './lib/benchHarness';
import { analyseProfile, compareProfiles } from './lib/cpuProfile';
import { runLoad } from './lib/loadTest';
import { buildRealisticScenarios, buildScenarios, renderRequests, type Contender, type Scenario } from './lib/scenarios';
import { perUnit } from './lib/processReadings';
import type { RunningProcess } from '../scripts/spawnProcess';
import { writeResult } from './lib/writeResult';

export async function runProfile(h: BenchHarness, log: (line: string) => void) {
  const c = h.config;
  const traffic = { seed: c.BENCH_SEED, zipfS: c.BENCH_ZIPF_S, shopperPoints: c.BENCH_SHOPPER_POINTS };
  const all = [...(await buildScenarios(h.data, h.auth, c.SIM_SEED)), ...buildRealisticScenarios(h.data, traffic)];
  const scenario = all.find((s) => s.name === c.PROFILE_SCENARIO);
  if (!scenario) throw new Error(`PROFILE_SCENARIO=${c.PROFILE_SCENARIO}: no such scenario (${all.map((s) => s.name).join(', ')})`);
  const ours = await profileGateway(h, scenario, (args) => h.stack.spawnGateway('gateway-profiled', { nodeArgs: args }), log);
  // with BENCH_BASELINE_DIR, the other checkout's gateway under the same load right after, for a side-by-side reading
  const baseline = h.spawnBaselineGateway ? await profileGateway(h, scenario, (args) => h.spawnBaselineGateway!('gateway-baseline-profiled', args), log) : null;
  const name = c.PROFILE_SCENARIO === 'mix' ? 'profile' : `profile-${c.PROFILE_SCENARIO}`;
  return writeResult(name, {
    name,
    scenario: scenario.title,
    gatewayEnv: c.BENCH_OURS_ENV,
    seconds: c.PROFILE_S,
    ...ours,
    ...(baseline ? {
      baseline: { dir: c.BENCH_BASELINE_DIR, nodeArgs: c.BENCH_BASELINE_NODE_ARGS, ...baseline },
      // function by function, ours scaled to the baseline's busy time a request (compareProfiles)
      comparison: compareProfiles(ours.run, baseline.run),
    } : {}),
    note: 'self time of the gateway process during the measured load only (start-up and warm-up samples left out); profiling slows it, so compare shares, not absolute times',
  });
}

/** One gateway started under --cpu-prof, warmed, loaded for PROFILE_S seconds, stopped (V8 then writes the profile), analysed. */
async function profileGateway(h: BenchHarness, scenario: Scenario, spawn: (nodeArgs: string[]) => Promise<RunningProcess & { url: string }>, log: (line: string) => void) {
  const c = h.config;
  const dir = mkdtempSync(join(tmpdir(), 'stockgraph-profile-'));
  const spawnedAt = Date.now();
  const gw = await spawn(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const contender: Contender = { name: 'profiled', kind: 'gateway', origin: new URL(gw.url).origin, pid: gw.pid };
  // a drawn scenario draws a fresh stream for the warm-up (0) and the measured run (1)
  const load = (durationS: number, stream: number) => runLoad({
    url: contender.origin, requests: renderRequests(scenario, contender, h.auth, h.secret, stream), verify: scenario.verify,
    connections: c.BENCH_CONNECTIONS, durationS, pid: gw.pid,
  });
  let res;
  let measuredFrom = 0;
  let cpuMsPerRequest: number | null = null;
  try {
    await load(c.BENCH_WARMUP_S || 2, 0);
    measuredFrom = Date.now() - spawnedAt;
    const cpuBefore = gw.cpuMs();
    res = await load(c.PROFILE_S, 1);
    cpuMsPerRequest = perUnit(cpuBefore, gw.cpuMs(), res.requests);
  } finally {
    await gw.stop(30_000);
  }
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f))[0];
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  const analysis = analyseProfile(file, 10, measuredFrom);
  log(`profile: ${file} (${res.rps} req/s under --cpu-prof)`);
  return { rpsUnderProfiler: res.rps, p99Ms: res.p99, errors: res.errors, cpuMsPerRequest, profileFile: file, ...analysis, run: { file, skipFirstMs: measuredFrom, requests: res.requests } };
}

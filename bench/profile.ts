/**
 * CPU profile of our gateway under the storefront mix: a second gateway process on the same
 * subgraphs, started with --cpu-prof, warmed, loaded for PROFILE_S seconds, then stopped with
 * SIGTERM so V8 writes the profile. Self time per function and per package goes to
 * bench/results/profile.json; the .cpuprofile itself (open it in Chrome DevTools or speedscope
 * for the flame graph) is left in the temp directory printed.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchHarness } from './lib/benchHarness';
import { analyseProfile } from './lib/cpuProfile';
import { runLoad } from './lib/loadTest';
import { buildRealisticScenarios, buildScenarios, renderRequests, type Contender } from './lib/scenarios';
import { writeResult } from './lib/writeResult';

export async function runProfile(h: BenchHarness, log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'stockgraph-profile-'));
  const spawnedAt = Date.now();
  const c = h.config;
  const gw = await h.stack.spawnGateway('gateway-profiled', { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const traffic = { seed: c.BENCH_SEED, zipfS: c.BENCH_ZIPF_S, shopperPoints: c.BENCH_SHOPPER_POINTS };
  const all = [...(await buildScenarios(h.data, h.auth, c.SIM_SEED)), ...buildRealisticScenarios(h.data, traffic)];
  const mix = all.find((s) => s.name === c.PROFILE_SCENARIO);
  if (!mix) throw new Error(`PROFILE_SCENARIO=${c.PROFILE_SCENARIO}: no such scenario (${all.map((s) => s.name).join(', ')})`);
  const contender: Contender = { name: 'ours-profiled', kind: 'gateway', origin: new URL(gw.url).origin, pid: gw.pid };
  // a drawn scenario draws a fresh stream for the warm-up (0) and the measured run (1)
  const load = (durationS: number, stream: number) => runLoad({
    url: contender.origin, requests: renderRequests(mix, contender, h.auth, h.secret, stream), verify: mix.verify,
    connections: c.BENCH_CONNECTIONS, durationS, pid: gw.pid,
  });
  let res;
  let measuredFrom = 0;
  try {
    await load(c.BENCH_WARMUP_S || 2, 0);
    measuredFrom = Date.now() - spawnedAt;
    res = await load(c.PROFILE_S, 1);
  } finally {
    await gw.stop(30_000);
  }
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f))[0];
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  const analysis = analyseProfile(file, 10, measuredFrom);
  log(`profile: ${file} (${res.rps} req/s under --cpu-prof)`);
  const name = c.PROFILE_SCENARIO === 'mix' ? 'profile' : `profile-${c.PROFILE_SCENARIO}`;
  return writeResult(name, {
    name,
    scenario: mix.title,
    gatewayEnv: c.BENCH_OURS_ENV,
    seconds: c.PROFILE_S,
    rpsUnderProfiler: res.rps,
    p99Ms: res.p99,
    errors: res.errors,
    profileFile: file,
    ...analysis,
    note: 'self time of the gateway process during the measured load only (start-up and warm-up samples left out); profiling slows it, so compare shares, not absolute times',
  });
}

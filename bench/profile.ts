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
import { buildScenarios, renderRequests, type Contender } from './lib/scenarios';
import { writeResult } from './lib/writeResult';

export async function runProfile(h: BenchHarness, log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'stockgraph-profile-'));
  const spawnedAt = Date.now();
  const gw = await h.stack.spawnGateway('gateway-profiled', { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  const mix = (await buildScenarios(h.data, h.auth, h.config.SIM_SEED)).find((s) => s.name === 'mix')!;
  const contender: Contender = { name: 'ours-profiled', kind: 'gateway', origin: new URL(gw.url).origin, pid: gw.pid };
  const load = (durationS: number) => runLoad({
    url: contender.origin, requests: renderRequests(mix, contender, h.auth, h.secret), verify: mix.verify,
    connections: h.config.BENCH_CONNECTIONS, durationS, pid: gw.pid,
  });
  let res;
  let measuredFrom = 0;
  try {
    await load(h.config.BENCH_WARMUP_S || 2);
    measuredFrom = Date.now() - spawnedAt;
    res = await load(h.config.PROFILE_S);
  } finally {
    await gw.stop(30_000);
  }
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f))[0];
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  const analysis = analyseProfile(file, 10, measuredFrom);
  log(`profile: ${file} (${res.rps} req/s under --cpu-prof)`);
  return writeResult('profile', {
    name: 'profile',
    scenario: mix.title,
    seconds: h.config.PROFILE_S,
    rpsUnderProfiler: res.rps,
    p99Ms: res.p99,
    errors: res.errors,
    profileFile: file,
    ...analysis,
    note: 'self time of the gateway process during the measured load only (start-up and warm-up samples left out); profiling slows it, so compare shares, not absolute times',
  });
}

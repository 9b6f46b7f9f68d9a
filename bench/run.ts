/**
 * `npm run bench [-- <name>… | all]`: the benchmark suite. Each benchmark writes
 * bench/results/<name>.json and prints it as one JSON line; progress goes to stderr. Several at
 * once share one separate-process stack (started once, about 2.5 minutes at bench size) and end
 * with bench/results/suite.json + summary.md, printed last. Every process started is stopped and
 * every Redis key of the run deleted, also on failure or Ctrl-C.
 *
 *   npm run bench                          # all of the suite below (about 12 minutes)
 *   npm run bench -- throughput            # one benchmark
 *   BENCH_SCENARIOS=single,mix npm run bench -- throughput
 *   npm run bench -- realistic             # storefront traffic drawn afresh (Zipf popularity, many shoppers)
 *   npm run bench -- ledger-memory         # the other scripts in bench/, run as they are
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../scripts/spawnProcess';
import { runBatchRead } from './batchRead';
import { runColdStart } from './coldStart';
import { runFreshness } from './freshness';
import { loadBenchConfig } from './lib/benchConfig';
import { startHarness, type BenchHarness } from './lib/benchHarness';
import { renderOthers, renderProfile, renderRealistic, renderThroughput } from './lib/renderSummary';
import { RESULTS_DIR, writeResult } from './lib/writeResult';
import { runProfile } from './profile';
import { runRealistic } from './realistic';
import { runRedisMemory } from './redisMemory';
import { runThroughput } from './throughput';

type StackBench = (h: BenchHarness, log: (line: string) => void) => Promise<object>;

/** in this order: batch-read needs caches nobody has warmed; freshness runs before the holds of throughput */
const STACK_BENCHES: [string, StackBench][] = [
  ['batch-read', runBatchRead],
  ['redis-memory', runRedisMemory],
  ['freshness', runFreshness],
  ['throughput', runThroughput],
  ['realistic', runRealistic],
  ['profile', runProfile],
];
const SUITE = ['cold-start', ...STACK_BENCHES.map(([n]) => n)];
/** other engineers' standalone scripts, run unchanged in a child process */
const SCRIPTS = ['build-start', 'ledger-memory', 'holds-and-routing', 'pipeline-gc', 'forecast-accuracy', 'forecast-holdouts', 'forecast-speed', 'network-plan', 'price-response', 'kpi-real', 'routing-quality', 'routing-speed', 'request-id'];

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const wanted = args.length === 0 || args.includes('all') ? SUITE : args;
  const unknown = wanted.filter((n) => !SUITE.includes(n) && !SCRIPTS.includes(n));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}\nknown: all, ${[...SUITE, ...SCRIPTS].join(', ')}\n`);
    process.exit(2);
  }
  const config = loadBenchConfig();
  const started = Date.now();
  const results: Record<string, object> = {};

  for (const name of wanted.filter((n) => SCRIPTS.includes(n))) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', `${name}.ts`)], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status})`);
  }
  if (wanted.includes('cold-start')) results['cold-start'] = await runColdStart(config, log);

  const stackBenches = STACK_BENCHES.filter(([n]) => wanted.includes(n));
  if (stackBenches.length) {
    const harness = await startHarness(config, log);
    const stop = () => void harness.close().finally(() => process.exit(130));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      for (const [name, run] of stackBenches) {
        log(`--- ${name}`);
        results[name] = await run(harness, log);
      }
    } finally {
      await harness.close();
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
    }
  }

  if (Object.keys(results).length > 1) {
    const r = results as Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const markdown = [
      r.throughput ? `### Throughput\n\n${renderThroughput(r.throughput)}` : '',
      r.realistic ? `### Realistic storefront traffic\n\n${renderRealistic(r.realistic)}` : '',
      `### Other measures\n\n${renderOthers(r)}`,
      r.profile ? `### Profile of our gateway\n\n${renderProfile(r.profile)}` : '',
    ].filter(Boolean).join('\n\n');
    writeFileSync(join(RESULTS_DIR, 'summary.md'), `${markdown}\n`);
    process.stderr.write(`\n${markdown}\n\n`);
    writeResult('suite', { name: 'suite', benchmarks: Object.keys(results), minutes: Math.round((Date.now() - started) / 6000) / 10, summary: 'bench/results/summary.md' });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

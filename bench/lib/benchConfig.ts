import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';

/**
 * The benchmark suite's settings (the only reader of the environment under bench/, besides the
 * processes it starts). Defaults keep the whole suite near ten minutes on a shared 2-core box.
 */
export const benchConfigSchema = z.object({
  /** a database index of its own; every key also carries a per-run prefix and is deleted afterwards */
  REDIS_URL: env.url().default('redis://127.0.0.1:6379/11'),
  SIM_SIZE: z.enum(['default', 'bench']).default('bench'),
  SIM_SEED: z.coerce.number().int().min(0).default(42),
  /** measured seconds per repeat */
  BENCH_DURATION_S: z.coerce.number().positive().default(5),
  /** warm-up seconds per contender and scenario, before the first repeat */
  BENCH_WARMUP_S: z.coerce.number().min(0).default(2),
  BENCH_REPEATS: z.coerce.number().int().min(1).default(3),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).default(20),
  /** comma list restricting the scenarios of throughput (single,category,scan,partner,mix,hold,route) or realistic (realistic-product,realistic-category,realistic-mix) */
  BENCH_SCENARIOS: z.string().optional(),
  /** comma list restricting the contenders measured (e.g. ours,baseline for a regression check; all run, only these are loaded) */
  BENCH_CONTENDERS: z.string().optional(),
  /**
   * stock changes per second written to the ledger during every read scenario, on the SKUs the
   * scenario asks about (the products that sell are the ones being looked at): they empty the
   * gateway's stock cache as a busy shop would
   */
  BENCH_CHURN_PER_S: z.coerce.number().min(0).default(50),
  /** the realistic scenarios: seed of every draw (popularity order, shopper points, questions, changes) */
  BENCH_SEED: z.coerce.number().int().min(0).default(1),
  /** the realistic scenarios: Zipf exponent of SKU popularity over the whole catalogue */
  BENCH_ZIPF_S: z.coerce.number().min(0).default(1.0),
  /** the realistic scenarios: how many distinct points shoppers ask from */
  BENCH_SHOPPER_POINTS: z.coerce.number().int().min(1).default(2000),
  FRESHNESS_SALES: z.coerce.number().int().min(1).default(1000),
  FRESHNESS_SALES_PER_S: z.coerce.number().positive().default(25),
  /** pause between two polls of one sale's availability */
  FRESHNESS_POLL_GAP_MS: z.coerce.number().min(0).default(2),
  /** seconds of storefront mix under --cpu-prof */
  PROFILE_S: z.coerce.number().positive().default(10),
  /**
   * what our processes run: `dist`, the JavaScript \`npm run build\` writes (built afresh before the
   * stack starts), as production runs it; `source`, the TypeScript through tsx (its loader and
   * compiled sources add ~20 MB to every process's RSS)
   */
  BENCH_MODE: z.enum(['dist', 'source']).default('dist'),
  /** profile: the scenario to load the profiled gateway with (any throughput or realistic one) */
  PROFILE_SCENARIO: z.string().default('mix'),
  COLD_START_REPEATS: z.coerce.number().int().min(1).default(3),
  /** extra environment of our gateway (`ours`), as JSON: e.g. {"RESPONSE_CACHE_ENABLED":"false"} to measure one cache apart */
  BENCH_OURS_ENV: z.string().default('{}').transform((s) => z.record(z.string()).parse(JSON.parse(s))),
  /** extra node options of our gateway (`ours`), space-separated, after gateway/src/nodeArgs.ts's (a later one wins) */
  BENCH_OURS_NODE_ARGS: z.string().default(''),
  /** the environment of the `uncached` contender: every cache of our gateway off by default */
  BENCH_UNCACHED_ENV: z.string().default('{"RESPONSE_CACHE_ENABLED":"false","POSITION_CACHE_ENABLED":"false"}').transform((s) => z.record(z.string()).parse(JSON.parse(s))),
  /** how long each subgraph may take to load the bench world (a busy shared machine needs more than 5 minutes) */
  BENCH_READY_TIMEOUT_S: z.coerce.number().positive().default(300),
  /**
   * a checkout of another commit (a git worktree with its own \`npm ci\`) whose gateway runs as the
   * contender \`baseline\` on the same subgraphs, measured right after ours in every scenario ours
   * is in: a regression check side by side in one run. Run under tsx (an older commit may have no
   * build), so compare it against ours with BENCH_MODE=source
   */
  BENCH_BASELINE_DIR: z.string().min(1).optional(),
  /**
   * a second checkout of this very commit (a worktree with its own \`npm ci\`), run the way the
   * baseline is (under tsx, BENCH_BASELINE_NODE_ARGS) as the contender \`twin\`, right after the
   * baseline: identical code beside both, so a run shows what the same gateway measures at in
   * another place (ours/twin) and the code's own change launched alike (twin/baseline). Needs
   * BENCH_BASELINE_DIR
   */
  BENCH_TWIN_DIR: z.string().min(1).optional(),
  /** measure the baseline right before ours instead of right after (the order moves some scenarios: bench/README.md) */
  BENCH_BASELINE_FIRST: env.bool(false),
  /**
   * turn the contenders' order by one place each repeat (A B, B A…; with a twin A B C, B C A,
   * C A B…), so that following another contender's load (bench/README.md: it moved some scenarios
   * by 15–25%) falls on each alike over a multiple of their number of repeats: for regression checks
   */
  BENCH_ALTERNATE_ORDER: env.bool(false),
  /** the baseline gateway's node options (space-separated) */
  BENCH_BASELINE_NODE_ARGS: z.string().default('--max-old-space-size=160'),
  /** keep the per-process logs after the run (their directory is printed) */
  BENCH_KEEP_LOGS: env.bool(false),
});
export type BenchConfig = z.infer<typeof benchConfigSchema>;

export const loadBenchConfig = (e: NodeJS.ProcessEnv = process.env): BenchConfig => parseEnv(benchConfigSchema, e);

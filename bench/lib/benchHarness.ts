/**
 * Everything the load benchmarks run against, started once per suite: the separate-process stack
 * on a Redis prefix of its own (bench size), our gateway, Hive Gateway on the same subgraphs, and
 * the ceiling server; the loaded world for building requests. close() stops every process it
 * started and deletes every key of the run, whatever happened before.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSeparateStack, type GatewayAuth, type SeparateStack } from '../../scripts/separateStack';
import { freePorts, REPO_ROOT, spawnProcess, type RunningProcess } from '../../scripts/spawnProcess';
import { BenchData } from './BenchData';
import type { BenchConfig } from './benchConfig';
import { benchGatewayAuth } from './benchKeys';
import type { Contender } from './scenarios';

export interface BenchHarness {
  config: BenchConfig;
  stack: SeparateStack;
  data: BenchData;
  auth: GatewayAuth;
  secret: string;
  keyPrefix: string;
  contenders: Record<string, Contender>;
  /** with BENCH_BASELINE_DIR: another gateway of that checkout on these subgraphs (e.g. under --cpu-prof), stopped by close() */
  spawnBaselineGateway: ((name: string, nodeArgs?: string[]) => Promise<RunningProcess & { url: string }>) | null;
  /** the processes started here besides the stack's (Hive Gateway, ceiling) */
  processes: Record<string, RunningProcess>;
  /** VmRSS of each gateway and the unification subgraph once started, before any load */
  idleRssMb: Record<string, number | null>;
  /** spawn-to-ready of the whole separate-process stack, ms */
  stackStartMs: number;
  notes: string[];
  logDir: string;
  close(): Promise<void>;
}

export function hasRustPlanner(): boolean {
  try {
    require.resolve('@graphql-hive/router-runtime');
    return true;
  } catch {
    return false;
  }
}

/** The gateway of another checkout (BENCH_BASELINE_DIR), under tsx, on this run's subgraphs and auth. */
async function spawnBaseline(name: string, dir: string, nodeArgs: string[], gatewayEnv: Record<string, string>, logDir: string): Promise<RunningProcess & { url: string }> {
  const root = resolve(REPO_ROOT, dir);
  const main = join(root, 'gateway/src/main.ts');
  if (!existsSync(main)) throw new Error(`BENCH_BASELINE_DIR: no gateway at ${main}`);
  const [port] = await freePorts(1, '127.0.0.1');
  const p = await spawnProcess({
    // run from its own checkout: tsx resolves @stockgraph/* through the tsconfig paths of the
    // directory it runs in, so from ours the baseline's gateway would load our shared/ code
    name, script: 'gateway/src/main.ts', cwd: root, mode: 'source', logDir, nodeArgs,
    env: { ...gatewayEnv, PORT: String(port) }, healthUrls: [`http://127.0.0.1:${port}/health`],
  });
  return { ...p, url: `http://127.0.0.1:${port}/graphql` };
}

export async function startHarness(config: BenchConfig, log: (line: string) => void): Promise<BenchHarness> {
  // before minutes of start-up, not after
  if (config.BENCH_TWIN_DIR && !config.BENCH_BASELINE_DIR) throw new Error('BENCH_TWIN_DIR needs BENCH_BASELINE_DIR: the twin is launched the way the baseline is');
  const logDir = mkdtempSync(join(tmpdir(), 'stockgraph-bench-'));
  const keyPrefix = `bench:${process.pid}:${randomBytes(3).toString('hex')}:`;
  const secret = randomBytes(32).toString('hex');
  const extra: RunningProcess[] = [];
  let stack: SeparateStack | null = null;
  let data: BenchData | null = null;
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= closeAll());
  const closeAll = async () => {
    for (const p of extra.reverse()) await p.stop().catch(() => undefined);
    await stack?.close().catch(() => undefined);
    data ??= await BenchData.open(config.REDIS_URL, keyPrefix).catch(() => null);
    const deleted = await data?.cleanup().catch(() => 0);
    await data?.close().catch(() => undefined);
    log(`cleaned up ${deleted ?? 0} Redis keys under ${keyPrefix}`);
    if (!config.BENCH_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
  };
  try {
    if (config.BENCH_MODE === 'dist') {
      log('npm run build: the processes run the JavaScript production runs (BENCH_MODE=dist)');
      const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      if (built.status !== 0) throw new Error('npm run build failed');
    }
    log(`starting simulators (SIM_SIZE=${config.SIM_SIZE}) and every subgraph as a separate process (${config.BENCH_MODE}); logs in ${logDir}`);
    const t0 = Date.now();
    let auth: GatewayAuth = { apiKeys: {}, assortments: {} };
    stack = await startSeparateStack({
      redisUrl: config.REDIS_URL, keyPrefix, seed: config.SIM_SEED, size: config.SIM_SIZE, signingSecret: secret,
      webhookSecret: randomBytes(16).toString('hex'), logDir,
      gatewayAuth: (skus) => (auth = benchGatewayAuth(skus)),
      // the anonymous scenarios all come from one address, whose budget (50/s by default) would cap the run
      gatewayEnv: { RATE_LIMIT_ENABLED: 'false', ...config.BENCH_OURS_ENV },
      gatewayNodeArgs: config.BENCH_OURS_NODE_ARGS.split(/\s+/).filter(Boolean),
      readyTimeoutMs: config.BENCH_READY_TIMEOUT_S * 1000,
      mode: config.BENCH_MODE,
    });
    const stackStartMs = Date.now() - t0;
    log(`stack ready in ${stackStartMs} ms (${Object.entries(stack.processes).map(([n, p]) => `${n} ${p.readyMs} ms`).join(', ')})`);
    data = await BenchData.open(config.REDIS_URL, keyPrefix);

    const [hivePort, ceilingPort] = await freePorts(2);
    const hive = await spawnProcess({
      name: 'hive-gateway', script: 'bench/lib/hiveGatewayMain.ts', logDir,
      env: { ...stack.gatewayEnv, PORT: String(hivePort) }, healthUrls: [`http://127.0.0.1:${hivePort}/healthcheck`],
    });
    extra.push(hive);
    let hiveRust: RunningProcess | null = null;
    let hiveRustPort = 0;
    if (hasRustPlanner()) {
      [hiveRustPort] = await freePorts(1);
      hiveRust = await spawnProcess({
        name: 'hive-gateway-rust', script: 'bench/lib/hiveGatewayMain.ts', logDir,
        env: { ...stack.gatewayEnv, PORT: String(hiveRustPort), HIVE_ROUTER_RUNTIME: 'true' }, healthUrls: [`http://127.0.0.1:${hiveRustPort}/healthcheck`],
      });
      extra.push(hiveRust);
    }
    const ceiling = await spawnProcess({
      name: 'ceiling', script: 'bench/lib/ceilingServerMain.ts', logDir,
      env: { REDIS_URL: config.REDIS_URL, KEY_PREFIX: keyPrefix, PORT: String(ceilingPort) }, healthUrls: [`http://127.0.0.1:${ceilingPort}/health`],
    });
    extra.push(ceiling);
    // our gateway with its caches off, on the same subgraphs: what the caches are worth
    const uncached = await stack.spawnGateway('gateway-uncached', { env: { ...config.BENCH_OURS_ENV, RESPONSE_CACHE_ENABLED: 'true', POSITION_CACHE_ENABLED: 'true', ...config.BENCH_UNCACHED_ENV } });
    // and with the pass-through of single-fetch queries off too: what the pass-through is worth
    const noPassthrough = await stack.spawnGateway('gateway-no-passthrough', { env: { ...config.BENCH_OURS_ENV, ...config.BENCH_UNCACHED_ENV, PASSTHROUGH_ENABLED: 'false' } });
    const baselineDir = config.BENCH_BASELINE_DIR;
    const baselineArgs = config.BENCH_BASELINE_NODE_ARGS.split(/\s+/).filter(Boolean);
    const spawnBaselineGateway = baselineDir
      ? async (name: string, nodeArgs: string[] = []) => {
        const p = await spawnBaseline(name, baselineDir, [...baselineArgs, ...nodeArgs], stack!.gatewayEnv, logDir);
        extra.push(p);
        return p;
      }
      : null;
    const baseline = spawnBaselineGateway ? await spawnBaselineGateway('gateway-baseline') : null;
    const twin = config.BENCH_TWIN_DIR && baseline ? await spawnBaseline('gateway-twin', config.BENCH_TWIN_DIR, baselineArgs, stack.gatewayEnv, logDir) : null;
    if (twin) extra.push(twin);
    const origin = (url: string) => new URL(url).origin;
    const mb = (kb: number | null) => (kb === null ? null : Math.round(kb / 102.4) / 10);
    const idleRssMb = { ours: mb(stack.processes.gateway!.rssKb()), hive: mb(hive.rssKb()), hiveRust: hiveRust ? mb(hiveRust.rssKb()) : null, unification: mb(stack.processes.unification!.rssKb()) };
    const contenders: Record<string, Contender> = {
      ours: { name: 'ours', kind: 'gateway', origin: origin(stack.gatewayUrl), pid: stack.processes.gateway!.pid },
      ...(baseline ? { baseline: { name: 'baseline', kind: 'gateway' as const, origin: origin(baseline.url), pid: baseline.pid } } : {}),
      ...(twin ? { twin: { name: 'twin', kind: 'gateway' as const, origin: origin(twin.url), pid: twin.pid } } : {}),
      uncached: { name: 'uncached', kind: 'gateway', origin: origin(uncached.url), pid: uncached.pid },
      'uncached-no-passthrough': { name: 'uncached-no-passthrough', kind: 'gateway', origin: origin(noPassthrough.url), pid: noPassthrough.pid },
      hive: { name: 'hive', kind: 'gateway', origin: `http://127.0.0.1:${hivePort}`, pid: hive.pid },
      ...(hiveRust ? { 'hive-rust': { name: 'hive-rust', kind: 'gateway' as const, origin: `http://127.0.0.1:${hiveRustPort}`, pid: hiveRust.pid } } : {}),
      direct: { name: 'direct', kind: 'direct', origin: origin(stack.subgraphUrls.unification), pid: stack.processes.unification!.pid },
      ceiling: { name: 'ceiling', kind: 'ceiling', origin: `http://127.0.0.1:${ceilingPort}`, pid: ceiling.pid },
    };
    const notes = [
      'Our gateway runs in production mode with RATE_LIMIT_ENABLED=false (every anonymous scenario comes from one address, whose default budget of 50 req/s would cap the run) and LOG_LEVEL=warn, as does every subgraph.',
      hasRustPlanner()
        ? 'Hive Gateway + Rust planner: the same hiveGatewayMain.ts with HIVE_ROUTER_RUNTIME=true (@graphql-hive/router-runtime unifiedGraphHandler).'
        : '@graphql-hive/router-runtime is not installed: no Hive Gateway + Rust planner contender.',
    ];
    return { config, stack, data, auth, secret, keyPrefix, contenders, spawnBaselineGateway, processes: { hive, ceiling, ...(hiveRust ? { 'hive-rust': hiveRust } : {}) }, idleRssMb, stackStartMs, notes, logDir, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * `npm run bench -- build-start`: what running the compiled JavaScript (`npm run build`, then
 * `node dist/…/main.js`) changes against running the TypeScript through tsx, for the gateway and
 * the ERP subgraph: milliseconds from spawn to /health answering, CPU time used by then, and
 * resident memory at that moment. One separate-process stack (default size, from source) supplies
 * Redis, the simulators and the catalogue; each contender is then started beside it alone, the two
 * modes alternated, ROUNDS times each. Writes bench/results/build-start.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectTestRedis } from '@stockgraph/shared/testing';
import { startSeparateStack } from '../scripts/separateStack';
import { REPO_ROOT, freePorts, spawnProcess, type RunMode } from '../scripts/spawnProcess';
import { GATEWAY_NODE_ARGS } from '@stockgraph/gateway';
import { startLoadWatch } from './lib/machineLoad';
import { spread } from './lib/stats';
import { writeResult } from './lib/writeResult';

const ROUNDS = Number(process.env.BUILD_START_ROUNDS ?? 5);
const MODES: RunMode[] = ['source', 'dist'];
const log = (line: string) => process.stderr.write(`[build-start] ${line}\n`);

interface Sample { readyMs: number; cpuMs: number | null; rssMb: number | null }

async function main(): Promise<void> {
  const buildStarted = Date.now();
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  const buildMs = Date.now() - buildStarted;
  log(build.stdout.trim());

  const redis = await connectTestRedis('build-start');
  const logDir = mkdtempSync(join(tmpdir(), 'build-start-'));
  const secret = randomBytes(32).toString('hex');
  const stack = await startSeparateStack({ redisUrl: redis.url, keyPrefix: redis.prefix, signingSecret: secret, webhookSecret: randomBytes(16).toString('hex'), logDir });
  const watch = startLoadWatch();
  const samples: Record<string, Record<RunMode, Sample[]>> = { gateway: { source: [], dist: [] }, erp: { source: [], dist: [] } };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? MODES : [...MODES].reverse()) {
        const [gatewayPort, erpPort] = await freePorts(2);
        const gateway = await spawnProcess({
          name: `gateway-${mode}-${round}`, script: 'gateway/src/main.ts', mode, logDir, nodeArgs: [...GATEWAY_NODE_ARGS],
          env: { ...stack.gatewayEnv, PORT: String(gatewayPort) }, healthUrls: [`http://127.0.0.1:${gatewayPort}/health`],
        });
        samples.gateway![mode].push(sample(gateway));
        await gateway.stop();
        const erp = await spawnProcess({
          name: `erp-${mode}-${round}`, script: 'subgraphs/erp/src/main.ts', mode, logDir,
          env: {
            REDIS_URL: redis.url, KEY_PREFIX: redis.prefix, GATEWAY_SIGNING_SECRET: secret, HOST: '127.0.0.1', LOG_LEVEL: 'warn',
            ERP_SUBGRAPH_PORT: String(erpPort), ERP_URL: stack.legacyUrls.erp, ERP_BATCH_MS: '0',
          },
          healthUrls: [`http://127.0.0.1:${erpPort}/health`],
        });
        samples.erp![mode].push(sample(erp));
        await erp.stop();
        log(`round ${round + 1}/${ROUNDS} ${mode}: gateway ${samples.gateway![mode].at(-1)!.readyMs} ms, erp ${samples.erp![mode].at(-1)!.readyMs} ms`);
      }
    }
  } finally {
    await stack.close();
    await redis.cleanup();
    rmSync(logDir, { recursive: true, force: true });
  }
  const summary = (xs: Sample[]) => ({
    readyMs: spread(xs.map((x) => x.readyMs)),
    cpuMsToReady: spread(xs.map((x) => x.cpuMs ?? 0)),
    rssMbAtReady: spread(xs.map((x) => x.rssMb ?? 0)),
  });
  const result = Object.fromEntries(Object.entries(samples).map(([name, byMode]) => [name, { tsx: summary(byMode.source), nodeDist: summary(byMode.dist) }]));
  writeResult('build-start', {
    benchmark: 'build-start',
    what: 'spawn → /health answering, CPU time and RSS at that moment: `node --import tsx <src>.ts` against `node dist/<src>.js` (npm run build, esbuild bundles)',
    rounds: ROUNDS,
    buildMs,
    ...result,
    machine: watch(),
  });
}

function sample(p: { readyMs: number; cpuMs(): number | null; rssKb(): number | null }): Sample {
  const rss = p.rssKb();
  return { readyMs: p.readyMs, cpuMs: p.cpuMs(), rssMb: rss === null ? null : Math.round(rss / 102.4) / 10 };
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

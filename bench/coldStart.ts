/**
 * Cold start of `npm start` (the whole system in one process, default size, embedded store): from
 * spawning npm to the ready banner on stdout, and to the gateway's /health answering. Every port
 * is moved off the defaults so a developer's running stack is not disturbed. The npm process
 * group (npm → tsx → node) is stopped after each run. Writes bench/results/cold-start.json.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT, freePorts } from '../scripts/spawnProcess';
import type { BenchConfig } from './lib/benchConfig';
import { spread } from './lib/stats';
import { writeResult } from './lib/writeResult';

const PORT_VARS = ['PORT', 'UNIFICATION_PORT', 'ERP_SUBGRAPH_PORT', 'WMS_SUBGRAPH_PORT', 'POS_SUBGRAPH_PORT', 'OMS_SUBGRAPH_PORT', 'ERP_PORT', 'WMS_PORT', 'POS_PORT', 'OMS_PORT'];
const TIMEOUT_MS = 120_000;

interface Run { bannerMs: number; healthMs: number; selfReportedMs: number | null }

async function once(): Promise<Run> {
  const ports = await freePorts(PORT_VARS.length);
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', SIM_SIZE: 'default' };
  delete env.REDIS_URL;
  PORT_VARS.forEach((v, i) => (env[v] = String(ports[i])));
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const killGroup = (signal: NodeJS.Signals) => { try { process.kill(-child.pid!, signal); } catch { /* gone */ } };
  let out = '';
  try {
    const banner = await new Promise<{ ms: number; self: number | null }>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`no banner within ${TIMEOUT_MS} ms:\n${out.slice(-2000)}`)), TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const m = /stockgraph is ready at \S+ \((\d+) ms/.exec(out);
        if (m) { clearTimeout(timer); res({ ms: performance.now() - t0, self: Number(m[1]) }); }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
      void exited.then(() => rej(new Error(`npm start exited before ready:\n${out.slice(-2000)}`)));
    });
    await healthy(`http://127.0.0.1:${ports[0]}/health`);
    return { bannerMs: Math.round(banner.ms), healthMs: Math.round(performance.now() - t0), selfReportedMs: banner.self };
  } finally {
    killGroup('SIGTERM');
    const timer = setTimeout(() => killGroup('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
    killGroup('SIGKILL');
  }
}

function healthy(url: string): Promise<void> {
  return new Promise((res, rej) => {
    const until = Date.now() + 10_000;
    const attempt = () => http.get(url, (r) => {
      r.resume();
      if (r.statusCode === 200) res();
      else if (Date.now() > until) rej(new Error(`${url} answered ${r.statusCode}`));
      else setTimeout(attempt, 20);
    }).on('error', (err) => (Date.now() > until ? rej(err) : setTimeout(attempt, 20)));
    attempt();
  });
}

export async function runColdStart(config: BenchConfig, log: (line: string) => void) {
  const runs: Run[] = [];
  for (let i = 0; i < config.COLD_START_REPEATS; i++) {
    const r = await once();
    runs.push(r);
    log(`cold start #${i + 1}: banner ${r.bannerMs} ms, /health ${r.healthMs} ms (start.ts says ${r.selfReportedMs} ms)`);
  }
  return writeResult('cold-start', {
    name: 'cold-start',
    command: 'npm start (SIM_SIZE=default, embedded in-process store)',
    toBannerMs: spread(runs.map((r) => r.bannerMs), 0),
    toHealthMs: spread(runs.map((r) => r.healthMs), 0),
    startTsReportedMs: spread(runs.map((r) => r.selfReportedMs ?? NaN), 0),
    runs,
    note: 'toBanner includes npm and tsx start-up and TypeScript loading; startTsReported is the time start.ts measures from its own first line',
  });
}

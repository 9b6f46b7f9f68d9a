/**
 * Runs one of our deployables (a TypeScript entry point) as its own OS process, the way production
 * does, and waits until it answers its health URLs. Used by scripts/separateStack.ts and the
 * benchmarks. Each child is `node --import tsx <script>`, or in `dist` mode the bundle `npm run
 * build` wrote (`node dist/<script>.js`, as production runs it): one process, so its pid is the
 * server's, for RSS sampling and signals. It logs to a file and is killed if this process exits first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..');

/** `source`: the TypeScript through tsx; `dist`: the JavaScript `npm run build` wrote */
export type RunMode = 'source' | 'dist';

export interface SpawnOptions {
  name: string;
  /** entry point relative to the repo root, or to `cwd` (the TypeScript source; `dist` mode runs its bundle) */
  script: string;
  /** another checkout to run from (its files, its tsconfig paths for tsx, its node_modules); default this repo */
  cwd?: string;
  /** default `source` */
  mode?: RunMode;
  /** added to this process's environment */
  env?: Record<string, string | undefined>;
  /** each must answer 2xx before the process counts as ready */
  healthUrls: string[];
  /** stdout and stderr go to <logDir>/<name>.log */
  logDir: string;
  /** extra node flags (e.g. --cpu-prof) */
  nodeArgs?: string[];
  /** arguments after the script (e.g. a CLI's command and options) */
  args?: string[];
  readyTimeoutMs?: number;
}

export interface RunningProcess {
  name: string;
  pid: number;
  logFile: string;
  /** ms from spawn to every health URL answering */
  readyMs: number;
  /** resolves with the exit code (or signal name) once the process has exited */
  exited: Promise<number | string | null>;
  /** resident memory in kB from /proc/<pid>/status, null once gone or off Linux */
  rssKb(): number | null;
  /** CPU time (user + system) used so far in ms, from /proc/<pid>/stat; null once gone or off Linux */
  cpuMs(): number | null;
  /** SIGTERM, then SIGKILL after graceMs */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: whatever is still running when this process exits is killed with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try { child.kill('SIGKILL'); } catch { /* already gone */ }
    }
  });
}

export async function spawnProcess(o: SpawnOptions): Promise<RunningProcess> {
  installExitHook();
  const dist = o.mode === 'dist';
  const root = o.cwd ?? REPO_ROOT;
  const script = join(root, dist ? join('dist', o.script.replace(/\.ts$/, '.js')) : o.script);
  if (!existsSync(script)) throw new Error(`${o.name}: no entry point at ${script}${dist ? ' (run npm run build)' : ''}`);
  const logFile = join(o.logDir, `${o.name}.log`);
  const fd = openSync(logFile, 'a');
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.JEST_WORKER_ID;
  for (const [k, v] of Object.entries(o.env ?? {})) if (v !== undefined) env[k] = v;
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), ...(dist ? ['--enable-source-maps'] : ['--import', 'tsx']), script, ...(o.args ?? [])], { cwd: root, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  live.add(child);
  const exited = new Promise<number | string | null>((res) => child.once('exit', (code, signal) => {
    live.delete(child);
    res(code ?? signal);
  }));
  const pid = child.pid!;
  const stop = async (graceMs = 8000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitHealthy(o.healthUrls, o.readyTimeoutMs ?? 180_000, exited);
  } catch (err) {
    await stop(2000);
    throw new Error(`${o.name} did not become ready: ${(err as Error).message}\n--- ${logFile} (tail) ---\n${tail(logFile, 30)}`);
  }
  return { name: o.name, pid, logFile, readyMs: Date.now() - started, exited, rssKb: () => readRssKb(pid), cpuMs: () => readCpuMs(pid), stop };
}

async function waitHealthy(urls: string[], timeoutMs: number, exited: Promise<unknown>): Promise<void> {
  let gone: unknown = undefined;
  let isGone = false;
  void exited.then((code) => { isGone = true; gone = code; });
  const until = Date.now() + timeoutMs;
  for (const url of urls) {
    for (;;) {
      if (isGone) throw new Error(`exited with ${String(gone)} before it was ready`);
      if (await answers(url)) break;
      if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((res) => {
    const req = http.get(url, { timeout: 1000 }, (r) => {
      r.resume();
      res((r.statusCode ?? 500) < 300);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res(false));
  });
}

export function readRssKb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export function readCpuMs(pid: number): number | null {
  try {
    // fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100/s on Linux)
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * `count` distinct ports nobody listens on right now (the children bind them a moment later).
 * All are held open until every one is known, so the kernel cannot hand out one twice.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = net.createServer();
      servers.push(srv);
      await new Promise<void>((res, rej) => {
        srv.once('error', rej);
        srv.listen(0, host, () => res());
      });
    }
    return servers.map((s) => (s.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((res) => s.close(res))));
  }
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

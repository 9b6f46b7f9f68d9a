import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { round } from './stats';

/**
 * How busy the whole machine was while a benchmark ran. The suite shares its cores with other
 * work; a figure measured on a saturated machine says so next to it.
 */
export interface MachineLoad { busyPct: number | null; loadAvg1mStart: number; loadAvg1mEnd: number; cpus: number }

function cpuTicks(): { total: number; idle: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { total: f.reduce((a, b) => a + b, 0), idle: (f[3] ?? 0) + (f[4] ?? 0) };
  } catch {
    return null;
  }
}

/** share of the machine's cores busy between two readings of /proc/stat, null off Linux */
function busyBetween(t0: ReturnType<typeof cpuTicks>, t1: ReturnType<typeof cpuTicks>): number | null {
  return t0 && t1 && t1.total > t0.total ? round(100 * (1 - (t1.idle - t0.idle) / (t1.total - t0.total)), 0) : null;
}

export function startLoadWatch(): () => MachineLoad {
  const t0 = cpuTicks();
  const l0 = loadavg()[0]!;
  return () => {
    return { busyPct: busyBetween(t0, cpuTicks()), loadAvg1mStart: round(l0, 2), loadAvg1mEnd: round(loadavg()[0]!, 2), cpus: Number(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0) };
  };
}

/**
 * Waits until the machine is quiet: a whole window (default 1 s) in which the cores were busy
 * less than `maxBusyPct`. Processes just started (module compile, JIT, first loads) keep the cores
 * busy for seconds after they answer their health checks; a latency measured then measures them.
 * Returns how long it waited, and the last window's figure when it gave up.
 */
export async function waitForQuiet(o: { maxBusyPct?: number; windowMs?: number; timeoutMs?: number } = {}): Promise<{ waitedMs: number; busyPct: number | null; quiet: boolean }> {
  const { maxBusyPct = 15, windowMs = 1000, timeoutMs = 60_000 } = o;
  const started = Date.now();
  for (;;) {
    const t0 = cpuTicks();
    await new Promise((r) => setTimeout(r, windowMs));
    const busy = busyBetween(t0, cpuTicks());
    const waitedMs = Date.now() - started;
    if (busy === null || busy < maxBusyPct) return { waitedMs, busyPct: busy, quiet: true };
    if (waitedMs >= timeoutMs) return { waitedMs, busyPct: busy, quiet: false };
  }
}

/**
 * Cores each process kept busy from now until the returned function is called (CPU seconds per
 * second, from /proc/<pid>/stat), and `benchRunner`: this process. Who was working while it ran.
 */
export function startCoreWatch(processes: Record<string, { cpuMs(): number | null }>): () => Record<string, number | null> {
  const started = performance.now();
  const runner = process.cpuUsage();
  const before = Object.fromEntries(Object.entries(processes).map(([n, p]) => [n, p.cpuMs()]));
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const out: Record<string, number | null> = {};
    for (const [n, p] of Object.entries(processes)) {
      const now = p.cpuMs();
      const was = before[n];
      out[n] = now === null || was === null || was === undefined ? null : round((now - was) / 1000 / seconds, 2);
    }
    const own = process.cpuUsage(runner);
    out.benchRunner = round((own.user + own.system) / 1e6 / seconds, 2);
    return out;
  };
}

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

export function startLoadWatch(): () => MachineLoad {
  const t0 = cpuTicks();
  const l0 = loadavg()[0]!;
  return () => {
    const t1 = cpuTicks();
    const busy = t0 && t1 && t1.total > t0.total ? 100 * (1 - (t1.idle - t0.idle) / (t1.total - t0.total)) : null;
    return { busyPct: busy === null ? null : round(busy, 0), loadAvg1mStart: round(l0, 2), loadAvg1mEnd: round(loadavg()[0]!, 2), cpus: Number(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0) };
  };
}

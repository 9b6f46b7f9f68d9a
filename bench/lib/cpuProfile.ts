/**
 * Reads a V8 .cpuprofile (node --cpu-prof) into self time per function and per package: the
 * "top of the flame graph" view the README's performance notes are written from.
 */
import { readFileSync } from 'node:fs';
import { round } from './stats';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** `callers`: the commonest JS call paths into it (nearest frame first), most useful for native frames */
export interface SelfTime { fn: string; where: string; selfMs: number; selfPct: number; callers: string[] }

const CALLER_DEPTH = 4;

const REPO = /^file:\/\/.*?\/work\/main\//;

/** `node_modules/@apollo/gateway/dist/x.js:12` or `gateway/src/x.ts:3`, short */
function location(url: string, line: number): string {
  if (!url) return '(native)';
  const path = url.replace(REPO, '').replace(/^file:\/\//, '').replace(/^node:/, 'node:');
  return `${path}:${line + 1}`;
}

function shortFile(url: string): string {
  if (!url) return '';
  const parts = url.replace(/^file:\/\//, '').split('/');
  return `(${parts.slice(-2).join('/')})`;
}

/** the package a frame belongs to: an npm package, one of our workspaces, or node itself */
function packageOf(url: string): string {
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return 'node core';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const ours = /\/work\/main\/([^/]+(?:\/[^/]+)?)\//.exec(url);
  return ours ? `ours: ${ours[1]}` : url;
}

/** `skipFirstMs`: samples in the first ms of the profile (process start-up, warm-up) are left out */
export function analyseProfile(file: string, top = 10, skipFirstMs = 0): { totalMs: number; idleMs: number; functions: SelfTime[]; packages: { pkg: string; selfMs: number; selfPct: number }[] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const callerPath = (id: number): string => {
    const frames: string[] = [];
    for (let cur = parent.get(id); cur !== undefined && frames.length < CALLER_DEPTH; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (f.functionName === '(root)') break;
      // past the nearest frame, Node's own stream and net plumbing says little: keep library and app frames
      if (frames.length > 0 && (f.url.startsWith('node:') || f.url === '')) continue;
      frames.push(`${f.functionName || '(anonymous)'} ${shortFile(f.url)}`);
    }
    return frames.join(' < ');
  };
  const self = new Map<number, number>();
  let elapsedUs = 0;
  p.samples.forEach((id, i) => {
    elapsedUs += p.timeDeltas[i] ?? 0;
    if (elapsedUs >= skipFirstMs * 1000) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  let totalUs = 0;
  let idleUs = 0;
  const fns = new Map<string, { fn: string; where: string; us: number; callers: Map<string, number> }>();
  const pkgs = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || '(anonymous)';
    if (name === '(idle)') { idleUs += us; continue; }
    totalUs += us;
    const where = location(n.callFrame.url, n.callFrame.lineNumber);
    const key = `${name}@${where}`;
    const e = fns.get(key) ?? { fn: name, where, us: 0, callers: new Map<string, number>() };
    e.us += us;
    const path = callerPath(id);
    e.callers.set(path, (e.callers.get(path) ?? 0) + us);
    fns.set(key, e);
    const pkg = name.startsWith('(') ? name : packageOf(n.callFrame.url);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const pct = (us: number) => round((us / totalUs) * 100, 1);
  return {
    totalMs: round(totalUs / 1000, 0),
    idleMs: round(idleUs / 1000, 0),
    functions: [...fns.values()].sort((a, b) => b.us - a.us).slice(0, top).map((e) => ({
      fn: e.fn, where: e.where, selfMs: round(e.us / 1000, 0), selfPct: pct(e.us),
      callers: [...e.callers.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([path, us]) => `${round((us / e.us) * 100, 0)}%: ${path}`),
    })),
    packages: [...pkgs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([pkg, us]) => ({ pkg, selfMs: round(us / 1000, 0), selfPct: pct(us) })),
  };
}

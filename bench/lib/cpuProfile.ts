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

/** our workspaces' folders, by which a frame's file is named from whichever checkout it ran */
const WORKSPACE = /\/((?:gateway|shared|subgraphs|bench|scripts|simulators)\/.*)$/;

/** a frame's file from its package or workspace folder on, so two checkouts' frames match */
function checkoutFree(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + 1);
  const ws = WORKSPACE.exec(url);
  return ws ? ws[1]! : url.replace(/^file:\/\//, '');
}

/** `node_modules/@apollo/gateway/dist/x.js:12` or `gateway/src/x.ts:3`, short */
function location(url: string, line: number): string {
  return url ? `${checkoutFree(url)}:${line + 1}` : '(native)';
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
  const ours = WORKSPACE.exec(url);
  return ours ? `ours: ${ours[1]!.split('/').slice(0, 2).join('/')}` : url;
}

/** `skipFirstMs`: samples in the first ms of the profile (process start-up, warm-up) are left out */
export function analyseProfile(file: string, top = 10, skipFirstMs = 0): { totalMs: number; idleMs: number; functions: SelfTime[]; packages: { pkg: string; selfMs: number; selfPct: number }[] } {
  const { byId, parent, samples } = readProfile(file, skipFirstMs);
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
  for (const [id, dt] of samples) self.set(id, (self.get(id) ?? 0) + dt);
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

/** One profiled gateway as `compareProfiles` reads it: its .cpuprofile, what to skip, the requests it answered meanwhile. */
export interface ProfiledRun { file: string; skipFirstMs: number; requests: number }

/**
 * Two gateways profiled under the same load, one after the other, compared function by function:
 * time inside each function (its callees included; once per sample however deep it recurs), in µs
 * per request. On a shared machine one run can be slower in everything alike (the socket writes
 * and HTTP parser in Node itself too), which says nothing of the code: so ours is first scaled by
 * `scale`, the baseline's busy time per request over ours, and what remains is where the code
 * itself spends differently. Functions are matched by name, file (from the package or workspace
 * folder on, whichever checkout it ran from) and line.
 */
export function compareProfiles(ours: ProfiledRun, baseline: ProfiledRun, top = 15): {
  busyUsPerRequest: { ours: number; baseline: number }; scale: number;
  differences: { fn: string; where: string; oursUs: number; baselineUs: number; diffUs: number }[];
} {
  const a = inclusivePerRequest(ours);
  const b = inclusivePerRequest(baseline);
  const scale = b.busyUs / a.busyUs;
  const keys = new Set([...a.byFn.keys(), ...b.byFn.keys()]);
  const rows = [...keys].map((k) => {
    const [fn, where] = k.split('\u0000') as [string, string];
    const oursUs = (a.byFn.get(k) ?? 0) * scale;
    const baselineUs = b.byFn.get(k) ?? 0;
    return { fn, where, oursUs: round(oursUs, 1), baselineUs: round(baselineUs, 1), diffUs: round(oursUs - baselineUs, 1) };
  });
  rows.sort((x, y) => Math.abs(y.diffUs) - Math.abs(x.diffUs));
  return { busyUsPerRequest: { ours: round(a.busyUs, 1), baseline: round(b.busyUs, 1) }, scale: round(scale, 3), differences: rows.slice(0, top) };
}

/** a profile's nodes by id, each node's parent, and its samples (node id, µs) after the first `skipFirstMs` */
function readProfile(file: string, skipFirstMs: number): { byId: Map<number, ProfileNode>; parent: Map<number, number>; samples: [number, number][] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples: [number, number][] = [];
  let elapsedUs = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    elapsedUs += dt;
    if (elapsedUs >= skipFirstMs * 1000) samples.push([id, dt]);
  });
  return { byId, parent, samples };
}

function inclusivePerRequest(run: ProfiledRun): { busyUs: number; byFn: Map<string, number> } {
  const { byId, parent, samples } = readProfile(run.file, run.skipFirstMs);
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}\u0000${location(n.callFrame.url, n.callFrame.lineNumber)}`;
  const byFn = new Map<string, number>();
  let busyUs = 0;
  for (const [id, dt] of samples) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    busyUs += dt;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      if (node.callFrame.functionName === '(root)') break;
      const k = keyOf(node);
      if (seen.has(k)) continue;
      seen.add(k);
      byFn.set(k, (byFn.get(k) ?? 0) + dt);
    }
  }
  const perRequest = (us: number) => us / Math.max(1, run.requests);
  return { busyUs: perRequest(busyUs), byFn: new Map([...byFn].map(([k, us]) => [k, perRequest(us)])) };
}

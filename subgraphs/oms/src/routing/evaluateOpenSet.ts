// Prices a set of open sources: the best assignment of the order's units to them, and the
// resulting objective (money plus service weights). The search calls this thousands of times.
import { assignUnits } from './assignUnits';
import type { RoutingProblem, RoutingSource } from './routingProblem';

export interface Evaluation {
  /** cost + lateness and unassigned weights: what the search minimises */
  objective: number;
  /** money: shipments' own costs + split penalty */
  cost: number;
  /** indices of the sources that ship something, nearest first */
  used: number[];
  /** flows[k][i]: units of line i from used[k] */
  flows: number[][];
  unassigned: number[];
  lateUnits: number;
  /** Σ distance of used sources: the first tie-break */
  distanceKm: number;
}

const EPS = 1e-9;

function byPreference(a: RoutingSource, b: RoutingSource): number {
  return a.unitObjective - b.unitObjective || a.rank - b.rank;
}

/** Builds the evaluation of explicit flows (per source in `open`, per line). */
export function evaluationFromFlows(problem: RoutingProblem, open: readonly number[], flows: readonly (readonly number[])[]): Evaluation {
  const L = problem.lines.length;
  const unassigned = problem.demand.slice();
  const usedK: number[] = [];
  let cost = 0, objective = 0, lateUnits = 0, distanceKm = 0;
  for (let k = 0; k < open.length; k++) {
    const src = problem.sources[open[k]];
    const row = flows[k];
    let units = 0;
    for (let i = 0; i < L; i++) { units += row[i]; unassigned[i] -= row[i]; }
    if (units === 0) continue;
    cost += src.fixedCost + src.unitCost * units;
    objective += src.fixedCost + src.unitObjective * units;
    if (src.late) lateUnits += units;
    distanceKm += src.distanceKm;
    // Keep used sources in rank order (a handful at most: insertion sort).
    let p = usedK.length;
    usedK.push(k);
    while (p > 0 && problem.sources[open[usedK[p - 1]]].rank > src.rank) { usedK[p] = usedK[p - 1]; p--; }
    usedK[p] = k;
  }
  const split = problem.splitPenalty * Math.max(0, usedK.length - 1);
  let unassignedUnits = 0;
  for (const u of unassigned) unassignedUnits += u;
  return {
    objective: objective + split + problem.unassignedPenalty * unassignedUnits,
    cost: cost + split,
    used: usedK.map((k) => open[k]),
    flows: usedK.map((k) => flows[k] as number[]),
    unassigned, lateUnits, distanceKm,
  };
}

export function evaluateOpenSet(problem: RoutingProblem, open: readonly number[]): Evaluation {
  const srcs = open.map((j) => problem.sources[j]).sort(byPreference);
  let coupled = false;
  for (const s of srcs) if (s.capacityBinds) { coupled = true; break; }
  const { flows } = assignUnits({
    demand: problem.demand,
    avail: srcs.map((s) => s.avail),
    capacity: srcs.map((s) => s.capacity),
    coupled,
  });
  return evaluationFromFlows(problem, srcs.map((s) => s.index), flows);
}

/** Negative when `a` is the better plan: objective, then nearer, then lower-ranked (nearest, id) sources. */
export function compareEvaluations(problem: RoutingProblem, a: Evaluation, b: Evaluation): number {
  if (a.objective < b.objective - EPS * Math.max(1, Math.abs(b.objective))) return -1;
  if (b.objective < a.objective - EPS * Math.max(1, Math.abs(a.objective))) return 1;
  if (Math.abs(a.distanceKm - b.distanceKm) > 1e-9) return a.distanceKm - b.distanceKm;
  const ra = a.used.map((j) => problem.sources[j].rank);
  const rb = b.used.map((j) => problem.sources[j].rank);
  for (let k = 0; k < Math.min(ra.length, rb.length); k++) if (ra[k] !== rb[k]) return ra[k] - rb[k];
  return ra.length - rb.length;
}

// Exhaustive search over subsets of the pool, cheapest fixed cost first, cut by two bounds on
// every plan in a subtree (chosen sources fixed, more to come from later in the order):
//  - monotone: fixed costs so far + the next source's + every unit at the cheapest unit cost
//    still on offer. Later siblings only cost more to open and offer less, so once it exceeds
//    the incumbent the whole rest of the loop can go;
//  - ratio: a unit from a source not yet opened also carries that source's fixed cost spread
//    over the most units it could ship (ρ_j = (fixed_j + split) / maxUnits_j + unit_j), and
//    units no source left can give cost the unassigned weight. Much tighter when stock is thin
//    and plans need several shipments, but not monotone, so it only skips one child.
import type { RoutingSource } from './routingProblem';
import type { SearchState } from './searchState';

const TOL = 1e-9;

/** Cheapest unit objective plus fixed cost spread over the most units the source could ship. */
export function unitRatio(s: RoutingSource, splitPenalty: number): number {
  let units = 0;
  for (const a of s.avail) units += a;
  return (s.fixedCost + splitPenalty) / Math.max(1, Math.min(units, s.capacity)) + s.unitObjective;
}

function suffixBy(order: readonly RoutingSource[], line: number, value: (s: RoutingSource) => number, empty: number, combine: (a: number, b: number) => number): Float64Array {
  const n = order.length;
  const m = new Float64Array(n + 1);
  m[n] = empty;
  for (let p = n - 1; p >= 0; p--) m[p] = order[p].avail[line] > 0 ? combine(m[p + 1], value(order[p])) : m[p + 1];
  return m;
}

export function branchAndBound(state: SearchState, pool: readonly number[], maxEvaluations: number): boolean {
  const problem = state.problem;
  const { splitPenalty, unassignedPenalty } = problem;
  const lines = problem.lines;
  const L = lines.length;
  const order = pool.map((j) => problem.sources[j]).sort((a, b) => a.fixedCost - b.fixedCost || a.rank - b.rank);
  const rho = new Map(order.map((s) => [s.index, unitRatio(s, splitPenalty)]));
  const minUnit = lines.map((_, i) => suffixBy(order, i, (s) => s.unitObjective, unassignedPenalty, Math.min));
  const minRho = lines.map((_, i) => suffixBy(order, i, (s) => rho.get(s.index) as number, unassignedPenalty, Math.min));
  const availLeft = lines.map((_, i) => suffixBy(order, i, (s) => s.avail[i], 0, (a, b) => a + b));
  const budgetEnd = state.evaluations + maxEvaluations;
  let complete = true;
  const chosen: number[] = [];

  const dfs = (from: number, fixedSum: number, minChosen: Float64Array, availChosen: Float64Array): void => {
    for (let q = from; q < order.length; q++) {
      const s = order[q];
      const base = fixedSum + s.fixedCost + splitPenalty * chosen.length;
      const limit = state.best.objective + TOL * Math.max(1, Math.abs(state.best.objective));
      let monotone = base, ratio = base;
      for (let i = 0; i < L; i++) {
        const d = lines[i].quantity;
        monotone += d * Math.min(minChosen[i], minUnit[i][q]);
        const here = s.avail[i] > 0 ? Math.min(minChosen[i], s.unitObjective) : minChosen[i];
        const reachable = Math.min(d, availChosen[i] + availLeft[i][q]);
        ratio += reachable * Math.min(here, minRho[i][q + 1]) + (d - reachable) * unassignedPenalty;
      }
      if (monotone > limit) return;
      if (ratio > limit) continue;
      if (state.evaluations >= budgetEnd) { complete = false; return; }
      chosen.push(s.index);
      state.evaluate(chosen);
      const nextMin = Float64Array.from(minChosen);
      const nextAvail = Float64Array.from(availChosen);
      for (let i = 0; i < L; i++) {
        if (s.avail[i] > 0 && s.unitObjective < nextMin[i]) nextMin[i] = s.unitObjective;
        nextAvail[i] += s.avail[i];
      }
      dfs(q + 1, fixedSum + s.fixedCost, nextMin, nextAvail);
      chosen.pop();
      if (!complete) return;
    }
  };
  dfs(0, 0, new Float64Array(L).fill(unassignedPenalty), new Float64Array(L));
  return complete;
}

// Cheap starting plans: the best single location that serves everything, and a greedy
// set cover that keeps opening the source with the lowest cost per newly covered unit.
import type { RoutingProblem } from './routingProblem';

/** Index of the cheapest source that alone serves every unit (nearest, then id, on ties), or -1. */
export function bestFullCover(problem: RoutingProblem): { index: number; count: number } {
  const demand = problem.lines.reduce((s, l) => s + l.quantity, 0);
  let best = -1, bestCost = Infinity, count = 0;
  for (const s of problem.sources) {
    if (s.capacity < demand || demand === 0) continue;
    let full = true;
    for (let i = 0; i < problem.lines.length; i++) if (s.avail[i] < problem.lines[i].quantity) { full = false; break; }
    if (!full) continue;
    count++;
    const cost = s.fixedCost + s.unitObjective * demand;
    const tie = Math.abs(cost - bestCost) <= 1e-9;
    if ((!tie && cost < bestCost) || (tie && s.rank < problem.sources[best].rank)) { best = s.index; bestCost = cost; }
  }
  return { index: best, count };
}

/**
 * Greedy set cover over `candidates` (all sources by default), optionally forced to start from
 * `seed`: seeding with each pool source in turn gives the local search varied starting points.
 */
export function greedyCover(problem: RoutingProblem, seed: readonly number[] = [], candidates: readonly number[] | null = null): number[] {
  const L = problem.lines.length;
  const remaining = problem.lines.map((l) => l.quantity);
  const capLeft = problem.sources.map((s) => s.capacity);
  const open: number[] = [];
  const isOpen = new Uint8Array(problem.sources.length);
  const take = (pick: number) => {
    open.push(pick); isOpen[pick] = 1;
    const s = problem.sources[pick];
    for (let i = 0; i < L && capLeft[pick] > 0; i++) {
      const q = Math.min(s.avail[i], remaining[i], capLeft[pick]);
      remaining[i] -= q; capLeft[pick] -= q;
    }
  };
  for (const j of seed) take(j);
  const pool = candidates ? candidates.map((j) => problem.sources[j]) : problem.sources;
  for (;;) {
    let pick = -1, pickRatio = Infinity;
    for (const s of pool) {
      if (isOpen[s.index]) continue;
      let u = 0;
      for (let i = 0; i < L; i++) u += Math.min(s.avail[i], remaining[i]);
      u = Math.min(u, capLeft[s.index]);
      if (u === 0) continue;
      const ratio = (s.fixedCost + (open.length > 0 ? problem.splitPenalty : 0) + s.unitObjective * u) / u;
      const tie = Math.abs(ratio - pickRatio) <= 1e-12;
      if ((!tie && ratio < pickRatio) || (tie && s.rank < problem.sources[pick].rank)) { pick = s.index; pickRatio = ratio; }
    }
    if (pick === -1) break;
    take(pick);
  }
  return open;
}

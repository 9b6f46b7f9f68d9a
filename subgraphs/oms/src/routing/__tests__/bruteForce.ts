// Reference optimum by enumerating every integer assignment of a tiny problem: independent of
// the planner's search and of the MIP model, so it can judge both.
import type { RoutingProblem } from '../routingProblem';

export interface BruteForceOptimum { objective: number; cost: number; shipments: number }

export function bruteForceOptimum(problem: RoutingProblem): BruteForceOptimum {
  const L = problem.lines.length;
  const cells: [number, number][] = [];
  for (const s of problem.sources) for (let i = 0; i < L; i++) if (s.avail[i] > 0) cells.push([s.index, i]);
  const x = new Array<number>(cells.length).fill(0);
  let best: BruteForceOptimum = { objective: Infinity, cost: Infinity, shipments: 0 };
  const score = () => {
    const byLine = new Array<number>(L).fill(0);
    const bySource = new Map<number, number>();
    cells.forEach(([j, i], c) => { byLine[i] += x[c]; if (x[c] > 0) bySource.set(j, (bySource.get(j) ?? 0) + x[c]); });
    if (byLine.some((q, i) => q > problem.lines[i].quantity)) return;
    let cost = 0, objective = 0;
    for (const [j, units] of bySource) {
      const s = problem.sources[j];
      if (units > s.capacity) return;
      cost += s.fixedCost + s.unitCost * units;
      objective += s.fixedCost + s.unitObjective * units;
    }
    const split = problem.splitPenalty * Math.max(0, bySource.size - 1);
    const unassigned = problem.lines.reduce((sum, l, i) => sum + l.quantity - byLine[i], 0);
    objective += split + problem.unassignedPenalty * unassigned;
    if (objective < best.objective - 1e-9) best = { objective, cost: cost + split, shipments: bySource.size };
  };
  const walk = (c: number): void => {
    if (c === cells.length) { score(); return; }
    const [j, i] = cells[c];
    for (let q = 0; q <= problem.sources[j].avail[i]; q++) { x[c] = q; walk(c + 1); }
  };
  walk(0);
  return best;
}

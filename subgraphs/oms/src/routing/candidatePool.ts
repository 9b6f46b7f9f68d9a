// Shrinks 200-odd sources to the few that can be in an optimal plan, without losing optimality:
// (1) a source whose fixed cost plus the cheapest possible price of every unit (its own unit
//     cost, or another source's unit cost plus its spread fixed cost) exceeds the incumbent can
//     never be in a better plan;
// (2) no better plan has more than kMax shipments (the kMax cheapest fixed costs already exceed
//     the incumbent), so a source dominated by kMax or more others can always be swapped for a
//     dominator the plan does not use, at no extra cost.
import { unitRatio } from './branchAndBound';
import type { RoutingProblem, RoutingSource } from './routingProblem';

const TOL = 1e-9;

/** Per line, the cheapest unit objective of any source that has it (unassigned weight if none). */
export function cheapestUnitByLine(problem: RoutingProblem, sources: readonly RoutingSource[]): number[] {
  return problem.lines.map((_, i) => {
    let m = problem.unassignedPenalty;
    for (const s of sources) if (s.avail[i] > 0 && s.unitObjective < m) m = s.unitObjective;
    return m;
  });
}

export function assignmentLowerBound(problem: RoutingProblem, cheapest: readonly number[]): number {
  let lb = 0;
  for (let i = 0; i < problem.lines.length; i++) lb += problem.lines[i].quantity * cheapest[i];
  return lb;
}

function dominates(k: RoutingSource, j: RoutingSource): boolean {
  if (k.fixedCost > j.fixedCost || k.unitObjective > j.unitObjective || k.distanceKm > j.distanceKm || k.capacity < j.capacity) return false;
  let strict = k.fixedCost < j.fixedCost || k.unitObjective < j.unitObjective || k.distanceKm < j.distanceKm || k.capacity > j.capacity;
  for (let i = 0; i < k.avail.length; i++) {
    if (k.avail[i] < j.avail[i]) return false;
    if (k.avail[i] > j.avail[i]) strict = true;
  }
  // Identical sources: the nearer (then lower id) one stands for both.
  return strict || k.rank < j.rank;
}

export interface Pool { indices: number[]; kMax: number }

export function candidatePool(problem: RoutingProblem, incumbentObjective: number): Pool {
  const lb = assignmentLowerBound(problem, cheapestUnitByLine(problem, problem.sources));
  const limit = incumbentObjective + TOL * Math.max(1, Math.abs(incumbentObjective));
  // Units a plan takes from other sources carry those sources' fixed costs, spread (ρ).
  const minRho = problem.lines.map((_, i) => {
    let m = problem.unassignedPenalty;
    for (const s of problem.sources) if (s.avail[i] > 0) m = Math.min(m, unitRatio(s, problem.splitPenalty));
    return m;
  });
  const boundWith = (s: RoutingSource) => {
    let b = s.fixedCost;
    for (let i = 0; i < problem.lines.length; i++) b += problem.lines[i].quantity * (s.avail[i] > 0 ? Math.min(s.unitObjective, minRho[i]) : minRho[i]);
    return b;
  };
  const kept = problem.sources.filter((s) => s.fixedCost + lb <= limit && boundWith(s) <= limit)
    .sort((a, b) => a.fixedCost - b.fixedCost || a.rank - b.rank);
  let kMax = 0, fixedSum = 0;
  for (const s of kept) {
    fixedSum += s.fixedCost;
    if (fixedSum + kMax * problem.splitPenalty + lb > limit) break;
    kMax++;
  }
  kMax = Math.max(1, kMax);
  const indices: number[] = [];
  for (const j of kept) {
    let dominators = 0;
    for (const k of kept) {
      if (k.fixedCost > j.fixedCost) break;
      if (k !== j && dominates(k, j) && ++dominators >= kMax) break;
    }
    if (dominators < kMax) indices.push(j.index);
  }
  return { indices, kMax };
}

// The same routing problem as a mixed-integer programme in CPLEX LP text, so an exact solver
// (npm `highs` in the benchmark and tests) can give the true optimum of our cost model:
//   min Σ_j (fixed_j + split)·y_j − split·z + Σ_ij unitObj_j·x_ij + U·Σ_i u_i
//   Σ_j x_ij + u_i = d_i                (every unit shipped or unassigned)
//   x_ij ≤ avail_ij·y_j                 (only from an open shipment, only what is there)
//   Σ_i x_ij ≤ cap_j·y_j                (store picking capacity)
//   z ≤ Σ_j y_j                         (the first shipment carries no split penalty)
// y, z binary; x, u general integers (for fixed y the rest is a flow problem with integral
// optima anyway, but a solver may return a fractional point among tied optima).
import type { RoutingProblem } from './routingProblem';

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(10).replace(/0+$/, '');
}

function sum(terms: [number, string][]): string {
  return terms.map(([c, v], k) => `${c < 0 ? '-' : k === 0 ? '' : '+'} ${num(Math.abs(c))} ${v}`).join(' ');
}

export function routingLp(problem: RoutingProblem): string {
  const L = problem.lines.length;
  const obj: [number, string][] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  const binaries: string[] = ['z'];
  const generals: string[] = [];
  const linkZ: [number, string][] = [[1, 'z']];
  const byLine: [number, string][][] = problem.lines.map(() => []);
  for (const s of problem.sources) {
    const y = `y${s.index}`;
    binaries.push(y);
    obj.push([s.fixedCost + problem.splitPenalty, y]);
    linkZ.push([-1, y]);
    const load: [number, string][] = [];
    for (let i = 0; i < L; i++) {
      if (s.avail[i] === 0) continue;
      const x = `x${i}_${s.index}`;
      obj.push([s.unitObjective, x]);
      byLine[i].push([1, x]);
      load.push([1, x]);
      rows.push(` a${i}_${s.index}: ${sum([[1, x], [-s.avail[i], y]])} <= 0`);
      bounds.push(` 0 <= ${x} <= ${s.avail[i]}`);
      generals.push(x);
    }
    if (s.capacityBinds) rows.push(` c${s.index}: ${sum([...load, [-s.capacity, y]])} <= 0`);
  }
  problem.lines.forEach((l, i) => {
    obj.push([problem.unassignedPenalty, `u${i}`]);
    rows.push(` d${i}: ${sum([...byLine[i], [1, `u${i}`]])} = ${l.quantity}`);
    bounds.push(` 0 <= u${i} <= ${l.quantity}`);
    generals.push(`u${i}`);
  });
  if (problem.splitPenalty > 0) obj.push([-problem.splitPenalty, 'z']);
  rows.push(` zc: ${sum(linkZ)} <= 0`);
  return ['Minimize', ` obj: ${sum(obj)}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'Binaries', ` ${binaries.join(' ')}`, 'Generals', ` ${generals.join(' ')}`, 'End', ''].join('\n');
}

export interface LpPlanSummary {
  objective: number;
  /** money only: objective less the unassigned and lateness weights */
  cost: number;
  shipments: number;
  unassignedUnits: number;
  lateUnits: number;
  backorderUnits: number;
}

/** Reads a solved model's columns (HiGHS `Columns[name].Primal`) back into plan figures. */
export function readRoutingLpSolution(problem: RoutingProblem, columns: Record<string, { Primal: number }>): LpPlanSummary {
  const val = (name: string) => columns[name]?.Primal ?? 0;
  let cost = 0, shipments = 0, unassignedUnits = 0, lateUnits = 0, backorderUnits = 0;
  for (const s of problem.sources) {
    let units = 0;
    for (let i = 0; i < problem.lines.length; i++) if (s.avail[i] > 0) units += val(`x${i}_${s.index}`);
    if (units < 1e-6) continue;
    shipments++;
    cost += s.fixedCost + s.unitCost * units;
    if (s.late) lateUnits += units;
    if (s.backorder) backorderUnits += units;
  }
  problem.lines.forEach((_, i) => { unassignedUnits += val(`u${i}`); });
  cost += problem.splitPenalty * Math.max(0, shipments - 1);
  const objective = cost + problem.latePenalty * lateUnits + problem.backorderPenalty * backorderUnits + problem.unassignedPenalty * unassignedUnits;
  return { objective, cost, shipments, unassignedUnits, lateUnits, backorderUnits };
}

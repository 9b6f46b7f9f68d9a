// Best-improvement local search over open sets: drop a shipment, swap one location for another,
// add one, or merge two shipments into one location. Escapes the greedy's usual traps (a split
// that one farther location could serve whole, a shipment made redundant by a later pick).
import type { Evaluation } from './evaluateOpenSet';
import type { SearchState } from './searchState';

function neighbours(current: readonly number[], pool: readonly number[]): number[][] {
  const inSet = new Set(current);
  const outside = pool.filter((j) => !inSet.has(j));
  const moves: number[][] = [];
  for (let a = 0; a < current.length; a++) {
    const rest = current.filter((_, k) => k !== a);
    if (rest.length > 0) moves.push(rest);                       // drop
    for (const k of outside) moves.push([...rest, k]);           // swap
    for (let b = a + 1; b < current.length; b++) {
      const rest2 = rest.filter((j) => j !== current[b]);
      for (const k of outside) moves.push([...rest2, k]);        // merge two into one
    }
  }
  for (const k of outside) moves.push([...current, k]);          // add
  return moves;
}

/** Improves `start` move by move (best move first) until no move helps or the budget is spent. */
export function localSearch(state: SearchState, pool: readonly number[], start: Evaluation, maxEvaluations: number): Evaluation {
  const budgetEnd = state.evaluations + maxEvaluations;
  let current = start;
  for (;;) {
    let bestMove: Evaluation | null = null;
    for (const open of neighbours(current.used, pool)) {
      if (state.evaluations >= budgetEnd) return bestMove ?? current;
      const ev = state.evaluate(open);
      if (state.isBetter(ev, bestMove ?? current)) bestMove = ev;
    }
    if (!bestMove) return current;
    current = bestMove;
  }
}

// The search: constructive starts (best full cover, greedy cover), a pool pruned without losing
// optimality, branch-and-bound over the pool that proves the optimum when it finishes within its
// budget, and local search to polish the answer when it does not (thin stock, many shipments).
import { branchAndBound } from './branchAndBound';
import { candidatePool } from './candidatePool';
import { bestFullCover, greedyCover } from './constructiveStarts';
import { compareEvaluations, type Evaluation } from './evaluateOpenSet';
import { localSearch } from './localSearch';
import type { RoutingConfig } from './routingConfig';
import type { RoutingProblem } from './routingProblem';
import { SearchState } from './searchState';
import type { SearchStats } from './routingTypes';

export interface SearchOutcome {
  best: Evaluation;
  /** cheapest single location serving the whole order, if any: what a split must beat */
  bestFullCover: Evaluation | null;
  fullCoverCount: number;
  stats: SearchStats;
}

export function searchPlan(problem: RoutingProblem, search: RoutingConfig['search']): SearchOutcome {
  const state = new SearchState(problem);
  if (problem.lines.length === 0 || problem.sources.length === 0) {
    return { best: state.best, bestFullCover: null, fullCoverCount: 0, stats: { sources: problem.sources.length, pool: 0, evaluations: 0, exact: true } };
  }
  const full = bestFullCover(problem);
  const fullEval = full.index >= 0 ? state.evaluate([full.index]) : null;
  const greedy = state.evaluate(greedyCover(problem));

  const pool = candidatePool(problem, state.best.objective);
  const exact = branchAndBound(state, pool.indices, search.maxExactEvaluations);
  if (!exact) {
    // Branch-and-bound ran out: polish the best plan found, the constructive starts and the best
    // greedy covers seeded with each pool source (one evaluation each: cheap diversity).
    const seeded = pool.indices.map((j) => state.evaluate(greedyCover(problem, [j], pool.indices)))
      .sort((a, b) => compareEvaluations(problem, a, b)).slice(0, 3);
    const starts = [state.best, greedy, ...(fullEval ? [fullEval] : []), ...seeded];
    const seen = new Set<string>();
    const distinct = starts.filter((e) => { const key = e.used.join(); return seen.has(key) ? false : (seen.add(key), true); });
    const share = Math.floor(search.maxLocalSearchEvaluations / distinct.length);
    for (const start of distinct) localSearch(state, pool.indices, start, share);
  }
  return {
    best: state.best,
    bestFullCover: fullEval,
    fullCoverCount: full.count,
    stats: { sources: problem.sources.length, pool: pool.indices.length, evaluations: state.evaluations, exact },
  };
}

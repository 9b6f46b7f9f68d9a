// The incumbent plan and the evaluation count, shared by every search phase.
import { compareEvaluations, evaluateOpenSet, type Evaluation } from './evaluateOpenSet';
import type { RoutingProblem } from './routingProblem';

export class SearchState {
  evaluations = 0;
  best: Evaluation;

  constructor(readonly problem: RoutingProblem) {
    this.best = evaluateOpenSet(problem, []);
  }

  evaluate(open: readonly number[]): Evaluation {
    this.evaluations++;
    const ev = evaluateOpenSet(this.problem, open);
    if (compareEvaluations(this.problem, ev, this.best) < 0) this.best = ev;
    return ev;
  }

  isBetter(a: Evaluation, b: Evaluation): boolean {
    return compareEvaluations(this.problem, a, b) < 0;
  }
}

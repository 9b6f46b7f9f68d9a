import { buildRoutingProblem } from '@stockgraph/oms/routing/buildRoutingProblem';
import { DEFAULT_ROUTING_CONFIG as C } from '@stockgraph/oms/routing/routingConfig';
import { randomRoutingInstance } from '@stockgraph/oms/routing/testing/randomRoutingInstance';
import { searchPlan } from '@stockgraph/oms/routing/searchPlan';
for (const [dc, st, lines] of [[0.7, 0.3, 5], [0.7, 0.3, [1, 8]], [0.3, 0.2, [1, 8]], [0.05, 0.15, [1, 8]]] as const) {
  const probs = Array.from({ length: 200 }, (_, k) => buildRoutingProblem(randomRoutingInstance({ seed: 31 + k, lines: lines as any, dcStockChance: dc, storeStockChance: st, pickupShare: 0.1 }), C));
  const out: string[] = [];
  const ref: number[] = [];
  for (const passes of [0, 1500]) {
    const evals: number[] = []; let inexact = 0, gapSum = 0;
    probs.forEach((p, k) => {
      const o = searchPlan(p, { maxExactEvaluations: 2500, maxLocalSearchEvaluations: passes });
      evals.push(o.stats.evaluations); if (!o.stats.exact) inexact++;
      if (passes === 0) ref[k] = o.best.objective; else gapSum += o.best.objective - ref[k];
    });
    evals.sort((a, b) => a - b);
    out.push(`passes=${passes} mean=${(evals.reduce((a, b) => a + b, 0) / evals.length).toFixed(0)} p99=${evals[197]} max=${evals[199]} inexact=${inexact} diff=${gapSum.toFixed(3)}`);
  }
  console.log(dc, st, JSON.stringify(lines), '\n  ' + out.join('\n  '));
}

import { buildRoutingProblem } from '@stockgraph/oms/routing/buildRoutingProblem';
import { DEFAULT_ROUTING_CONFIG as C } from '@stockgraph/oms/routing/routingConfig';
import { randomRoutingInstance } from '@stockgraph/oms/routing/testing/randomRoutingInstance';
import { SearchState } from '@stockgraph/oms/routing/searchState';
import { bestFullCover, greedyCover } from '@stockgraph/oms/routing/constructiveStarts';
import { candidatePool } from '@stockgraph/oms/routing/candidatePool';
import { localSearch } from '@stockgraph/oms/routing/localSearch';
import { branchAndBound } from '@stockgraph/oms/routing/branchAndBound';
for (const [dc, st] of [[0.7,0.3],[0.3, 0.2], [0.05, 0.15]]) {
  const rows: number[][] = [];
  for (let k = 0; k < 150; k++) {
    const req = randomRoutingInstance({ seed: 999 + k, lines: [1, 8], dcStockChance: dc, storeStockChance: st, pickupShare: 0.15 });
    const p = buildRoutingProblem(req, C);
    const st8 = new SearchState(p);
    const t0 = performance.now();
    const f = bestFullCover(p); const fe = f.index >= 0 ? st8.evaluate([f.index]) : null;
    const g = st8.evaluate(greedyCover(p));
    const pool1 = candidatePool(p, st8.best.objective);
    const t1 = performance.now(); const e1 = st8.evaluations;
    for (const s of fe ? [g, fe] : [g]) localSearch(st8, pool1.indices, s, 6);
    const t2 = performance.now(); const e2 = st8.evaluations;
    const pool2 = candidatePool(p, st8.best.objective);
    const t3 = performance.now();
    branchAndBound(st8, pool2.indices, 3000);
    const t4 = performance.now(); const e4 = st8.evaluations;
    rows.push([t1 - t0, t2 - t1, t3 - t2, t4 - t3, e2 - e1, e4 - e2, pool1.indices.length, pool2.indices.length, st8.best.used.length]);
  }
  const worst = [...rows].sort((a, b) => (b[0]+b[1]+b[2]+b[3]) - (a[0]+a[1]+a[2]+a[3])).slice(0, 4);
  const mean = rows[0].map((_, c) => rows.reduce((s, r) => s + r[c], 0) / rows.length);
  console.log(dc, st, 'mean', mean.map((x) => x.toFixed(2)).join(' '));
  for (const w of worst) console.log('  worst', w.map((x) => x.toFixed(2)).join(' '));
}

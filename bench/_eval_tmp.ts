import { buildRoutingProblem } from '@stockgraph/oms/routing/buildRoutingProblem';
import { DEFAULT_ROUTING_CONFIG as C } from '@stockgraph/oms/routing/routingConfig';
import { randomRoutingInstance } from '@stockgraph/oms/routing/testing/randomRoutingInstance';
import { evaluateOpenSet } from '@stockgraph/oms/routing/evaluateOpenSet';
const probs = Array.from({ length: 100 }, (_, k) => buildRoutingProblem(randomRoutingInstance({ seed: 5 + k, lines: [1, 8] }), C));
for (const size of [1, 2, 3, 5]) {
  for (const coupled of [false, true]) {
    const sets: [any, number[]][] = [];
    for (const p of probs) {
      const cand = p.sources.filter((s) => s.capacityBinds === coupled).map((s) => s.index);
      if (cand.length < size) continue;
      for (let r = 0; r + size <= Math.min(cand.length, 40); r += size) sets.push([p, cand.slice(r, r + size)]);
    }
    for (let w = 0; w < 3; w++) for (const [p, s] of sets) evaluateOpenSet(p, s);
    const t = performance.now();
    for (let w = 0; w < 5; w++) for (const [p, s] of sets) evaluateOpenSet(p, s);
    console.log(size, coupled, sets.length, (((performance.now() - t) * 1000) / (5 * sets.length)).toFixed(2), 'us');
  }
}

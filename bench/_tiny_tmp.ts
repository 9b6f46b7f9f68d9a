import { tinyInstance } from '@stockgraph/oms/routing/__tests__/tinyInstances';
import { bruteForceOptimum } from '@stockgraph/oms/routing/__tests__/bruteForce';
let split = 0, late = 0, bo = 0, bind = 0, un = 0;
for (let s = 1; s <= 60; s++) { const { problem } = tinyInstance(s); const b = bruteForceOptimum(problem);
  if (b.shipments > 1) split++; if (problem.sources.some((x) => x.late)) late++; if (problem.sources.some((x) => x.backorder)) bo++; if (problem.sources.some((x) => x.capacityBinds)) bind++; if (b.objective >= 1e6) un++; }
console.log({ split, late, bo, bind, un });

// Routing speed: wall time of planRoute (problem building, search and explanation) for 5-line
// orders over 200 locations. Target: p99 ≤ 10 ms.
//   npx tsx bench/routing-speed.ts [--orders=2000] [--seed=7]
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { planRoute } from '@stockgraph/oms/routing/planRoute';
import { DEFAULT_ROUTING_CONFIG } from '@stockgraph/oms/routing/routingConfig';
import { randomRoutingInstance } from '@stockgraph/oms/routing/testing/randomRoutingInstance';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function main() {
  const orders = arg('orders', 2000);
  const seed = arg('seed', 7);
  const distinct = Math.min(orders, 500);
  const requests = Array.from({ length: distinct }, (_, k) =>
    randomRoutingInstance({ seed: seed * 7919 + k, locations: 200, lines: 5, channel: 'DTC', pickupShare: 0.1 }));
  // Warm-up so the JIT has compiled the hot paths, as it has in a running subgraph.
  for (const req of requests) planRoute(req, DEFAULT_ROUTING_CONFIG);
  const times: number[] = [];
  let exact = 0, evaluations = 0;
  for (let k = 0; k < orders; k++) {
    const req = requests[k % distinct];
    const t0 = process.hrtime.bigint();
    const plan = planRoute(req, DEFAULT_ROUTING_CONFIG);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (plan.search.exact) exact++;
    evaluations += plan.search.evaluations;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p99 = pct(sorted, 99);
  const result = {
    bench: 'routing-speed', seed, orders, distinctOrders: distinct, lines: 5, locations: 200,
    p50Ms: r3(pct(sorted, 50)), p90Ms: r3(pct(sorted, 90)), p99Ms: r3(p99), maxMs: r3(sorted[sorted.length - 1]),
    meanMs: r3(times.reduce((a, b) => a + b, 0) / times.length),
    exactShare: r3(exact / orders), meanEvaluations: r3(evaluations / orders),
    targetP99Ms: 10, pass: p99 <= 10,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'routing-speed.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
}

main();

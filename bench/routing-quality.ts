// Routing quality: our planner and a closest-store baseline against the exact optimum of the
// same cost model (HiGHS MIP), on seeded random UK-shaped instances.
//   npx tsx bench/routing-quality.ts [--instances=300] [--seed=1]
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Channel } from '@stockgraph/shared';
import { buildRoutingProblem } from '@stockgraph/oms';
import { closestStoreBaseline } from '@stockgraph/oms';
import { planRoute } from '@stockgraph/oms';
import { DEFAULT_ROUTING_CONFIG } from '@stockgraph/oms';
import { readRoutingLpSolution, routingLp, type LpPlanSummary } from '@stockgraph/oms';
import type { RoutingPlan } from '@stockgraph/oms';
import { mulberry32, randomRoutingInstance } from '@stockgraph/oms/testing';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

interface Tally { gaps: number[]; splits: number; shipments: number[]; serviceWorse: number; ms: number[] }
const tally = (): Tally => ({ gaps: [], splits: 0, shipments: [], serviceWorse: 0, ms: [] });

const units = (plan: RoutingPlan, pick: (s: RoutingPlan['shipments'][number]) => boolean) =>
  plan.shipments.filter(pick).reduce((sum, s) => sum + s.lines.reduce((a, l) => a + l.quantity, 0), 0);

/** Service before cost: unserved units, then backordered units, then units late for the SLA. */
function service(plan: RoutingPlan): [number, number, number] {
  const unassigned = plan.unassigned.filter((u) => u.reason !== 'INVALID_QUANTITY').reduce((s, u) => s + u.quantity, 0);
  return [unassigned, units(plan, (s) => s.backorder), units(plan, (s) => !s.meetsSla)];
}

function serviceWorse(a: [number, number, number], b: [number, number, number]): boolean {
  for (let k = 0; k < 3; k++) if (a[k] !== b[k]) return a[k] > b[k];
  return false;
}

function record(t: Tally, plan: RoutingPlan, opt: LpPlanSummary, ms: number) {
  const optService: [number, number, number] = [opt.unassignedUnits, opt.backorderUnits, opt.lateUnits];
  const sv = service(plan);
  if (serviceWorse(sv, optService)) t.serviceWorse++;
  else if (!serviceWorse(optService, sv) && opt.cost > 0) t.gaps.push((plan.totalCost - opt.cost) / opt.cost);
  if (plan.splitCount > 0) t.splits++;
  t.shipments.push(plan.shipments.length);
  t.ms.push(ms);
}

function summary(t: Tally, n: number) {
  return {
    meanGapPct: r4(mean(t.gaps) * 100), p95GapPct: r4(pct(t.gaps, 95) * 100), maxGapPct: r4(pct(t.gaps, 100) * 100),
    optimalShare: r4(t.gaps.filter((g) => g <= 1e-6).length / Math.max(1, t.gaps.length)),
    splitRate: r4(t.splits / n), meanShipments: r4(mean(t.shipments)), serviceWorse: t.serviceWorse, meanMs: r4(mean(t.ms)),
  };
}

async function main() {
  const instances = arg('instances', 300);
  const seed = arg('seed', 1);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const highs = await require('highs')();
  const config = DEFAULT_ROUTING_CONFIG;
  // The same planner with branch-and-bound switched off: constructive starts + local search only.
  const heuristicConfig = { ...config, search: { ...config.search, maxExactEvaluations: 0 } };
  const pick = mulberry32(seed);
  const ours = tally(), heuristic = tally(), base = tally(), optimum = tally();
  let exact = 0, mipBeatenBy = 0, ran = 0;
  for (let k = 0; k < instances; k++) {
    const r = pick();
    const channel: Channel = r < 0.7 ? 'DTC' : r < 0.8 ? 'MARKETPLACE' : r < 0.9 ? 'WHOLESALE' : 'RETAIL';
    // Stock density varies per instance: from well-stocked DCs (one shipment usually does) to
    // thin stock spread over stores (plans of three or four shipments).
    const dcStockChance = 0.1 + 0.7 * pick();
    const storeStockChance = 0.1 + 0.3 * pick();
    const req = randomRoutingInstance({
      seed: seed * 100003 + k, locations: 200, lines: [1, 8], channel, dcStockChance, storeStockChance,
      pickupShare: channel === 'DTC' || channel === 'RETAIL' ? 0.15 : 0,
    });
    const problem = buildRoutingProblem(req, config);
    if (problem.lines.length === 0) continue;
    ran++;
    let t0 = process.hrtime.bigint();
    const plan = planRoute(req, config);
    const oursMs = Number(process.hrtime.bigint() - t0) / 1e6;
    t0 = process.hrtime.bigint();
    const heuristicPlan = planRoute(req, heuristicConfig);
    const heuristicMs = Number(process.hrtime.bigint() - t0) / 1e6;
    t0 = process.hrtime.bigint();
    const baseline = closestStoreBaseline(req, config);
    const baseMs = Number(process.hrtime.bigint() - t0) / 1e6;
    t0 = process.hrtime.bigint();
    const sol = highs.solve(routingLp(problem), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-7 });
    const mipMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (sol.Status !== 'Optimal') throw new Error(`instance ${k}: HiGHS ${sol.Status}`);
    const opt = readRoutingLpSolution(problem, sol.Columns);
    if (opt.shipments > 1) optimum.splits++;
    optimum.shipments.push(opt.shipments); optimum.ms.push(mipMs);
    const [unassigned, backordered, late] = service(plan);
    const p = config.penalties;
    const oursObjective = plan.totalCost + p.unassignedPerUnit * unassigned + p.backorderPerUnit * backordered + p.latePerUnit * late;
    if (oursObjective < opt.objective - 1e-6 * Math.max(1, opt.objective)) mipBeatenBy++;
    if (plan.search.exact) exact++;
    record(ours, plan, opt, oursMs);
    record(heuristic, heuristicPlan, opt, heuristicMs);
    record(base, baseline, opt, baseMs);
  }
  const oursSummary = summary(ours, ran);
  const baseSummary = summary(base, ran);
  const result = {
    bench: 'routing-quality', seed, instances: ran, locations: 200, linesPerOrder: '1-8',
    ours: { ...oursSummary, exactShare: r4(exact / ran) },
    oursWithoutBranchAndBound: summary(heuristic, ran),
    closestStoreBaseline: baseSummary,
    optimum: { splitRate: r4(optimum.splits / ran), meanShipments: r4(mean(optimum.shipments)), meanSolveMs: r4(mean(optimum.ms)) },
    mipBeatenByPlanner: mipBeatenBy,
    targets: { meanGapPctMax: 1, fewerSplitsThanBaseline: true },
    pass: oursSummary.meanGapPct <= 1 && oursSummary.serviceWorse === 0 && oursSummary.splitRate < baseSummary.splitRate && mipBeatenBy === 0,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'routing-quality.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
}

main().catch((err) => { console.error(err); process.exit(1); });

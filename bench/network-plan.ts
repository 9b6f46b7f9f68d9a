// Network replenishment plan at chain size: 10,000 SKUs × 200 locations (5 DCs, 195 stores), one
// thread. For every SKU × location: 182 days of seeded synthetic demand (rates spread over four
// orders of magnitude, a weekly pattern), the pooled quantile forecast's 28-day distribution
// (weekday profile pooled over the SKU's locations), then planNetwork over the whole chain: store
// order-up-to, DC → store transfers, store-to-store rebalancing, echelon POs by supplier with pack
// sizes, MOQs, trust and open POs. Generating the history is timed apart; the target (60 s on 2
// cores) is for forecast + plan.
//   npm run bench -- network-plan        [--skus=10000] [--stores=195] [--dcs=5] [--days=182] [--seed=1]
import { loadavg } from 'node:os';
import { planNetwork } from '@stockgraph/planning/engine/planNetwork';
import type { NetworkLocation, NetworkSku, NetworkSupplier } from '@stockgraph/planning/engine/networkTypes';
import { pooledQuantileForecast, pooledWeekdayProfile } from '@stockgraph/planning/engine/quantileForecast';
import { mulberry32, poisson } from '@stockgraph/planning/engine/testing/syntheticDemand';
import { writeResult } from './lib/writeResult';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
}
const skuCount = arg('skus', 10_000);
const storeCount = arg('stores', 195);
const dcCount = arg('dcs', 5);
const days = arg('days', 182);
const rand = mulberry32(arg('seed', 1));
const WEEK = [0.7, 1.1, 1, 1, 1, 1.2, 1.3];
const today = 20_000;
const r2 = (x: number) => Math.round(x * 100) / 100;

const locations: NetworkLocation[] = [
  ...Array.from({ length: dcCount }, (_, d) => ({ id: `D${String(d + 1).padStart(3, '0')}`, type: 'DC' as const })),
  ...Array.from({ length: storeCount }, (_, s) => ({ id: `S${String(s + 1).padStart(3, '0')}`, type: 'STORE' as const, dcId: `D${String((s % dcCount) + 1).padStart(3, '0')}` })),
];
const suppliers: NetworkSupplier[] = Array.from({ length: 500 }, (_, i) => ({ id: `V${i}`, leadTimeDays: 3 + Math.floor(rand() * 60), leadTimeSdDays: 1 + Math.floor(rand() * 10), trust: 0.7 + 0.3 * rand() }));

let generateMs = 0;
const cpu0 = process.cpuUsage();
let generateCpuUs = 0;
let forecastMs = 0;
const n = locations.length;
const history = Array.from({ length: n }, () => new Float64Array(days));
const skus: NetworkSku[] = [];
for (let k = 0; k < skuCount; k++) {
  let t = performance.now();
  const c = process.cpuUsage();
  const rate = Math.exp(Math.log(0.02) + rand() * Math.log(200 / 0.02)) / 10;
  for (let i = 0; i < n; i++) {
    const r = rate * (locations[i].type === 'DC' ? 3 : 0.3 + rand());
    for (let d = 0; d < days; d++) history[i][d] = poisson(rand, r * WEEK[d % 7]);
  }
  const onHand = Float64Array.from({ length: n }, (_, i) => Math.floor(rate * (locations[i].type === 'DC' ? 200 : 5 + 30 * rand())));
  generateMs += performance.now() - t;
  const cu = process.cpuUsage(c);
  generateCpuUs += cu.user + cu.system;
  t = performance.now();
  const profile = pooledWeekdayProfile(history, days, days);
  const dailyMean = new Float64Array(n);
  const dailySd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = pooledQuantileForecast(history[i], days, 28, { profile, levels: [0.5] });
    let m = 0;
    let v = 0;
    for (let h = 0; h < 28; h++) {
      m += f.mean[h] / 28;
      v += f.sd[h] ** 2 / 28;
    }
    dailyMean[i] = m;
    dailySd[i] = Math.sqrt(v);
  }
  forecastMs += performance.now() - t;
  skus.push({
    sku: `SKU-${k}`, supplierId: `V${k % suppliers.length}`, packSize: [1, 6, 12, 24][k % 4], moq: [0, 24, 48, 96][(k >> 2) % 4], unitValue: 1 + (k % 50),
    onHand, held: new Float64Array(n), inTransit: new Float64Array(n), dailyMean, dailySd,
    openPurchaseOrders: k % 3 === 0 ? [{ id: `PO${k}`, locationIndex: k % dcCount, quantity: Math.ceil(rate * 100), orderedDay: today - (k % 20) }] : [],
  });
}
const t = performance.now();
const plan = planNetwork({ suppliers, locations, skus }, { today });
const planMs = performance.now() - t;
const cpuAll = process.cpuUsage(cpu0);
const forecastAndPlanCpuSeconds = (cpuAll.user + cpuAll.system - generateCpuUs) / 1e6;
const kinds = plan.transfers.reduce<Record<string, number>>((a, x) => ((a[x.kind] = (a[x.kind] ?? 0) + 1), a), {});
writeResult('network-plan', {
  bench: 'network-plan',
  skus: skuCount,
  locations: n,
  positions: plan.positionsPlanned,
  historyDays: days,
  seconds: { forecast: r2(forecastMs / 1000), plan: r2(planMs / 1000), forecastAndPlan: r2((forecastMs + planMs) / 1000), generateHistory: r2(generateMs / 1000) },
  // CPU time of this thread for forecast + plan: what the wall time would be on a quiet core
  cpuSeconds: { forecastAndPlan: r2(forecastAndPlanCpuSeconds) },
  threads: 1,
  targetMet: (forecastMs + planMs) / 1000 <= 60,
  purchaseOrders: plan.purchaseOrders.length,
  purchaseOrderLines: plan.purchaseOrders.reduce((s, p) => s + p.lines.length, 0),
  transfers: kinds,
  unsourcedUnits: Math.round(plan.unsourced),
  heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  loadAverage1m: r2(loadavg()[0]),
  note: 'shared 2-core machine: other engineers were running tests and benchmarks',
});

// Forecast speed and history-store memory on seeded synthetic data.
//  1. 10,000 SKU × location series with 365 days of history: full method selection (rolling-origin
//     backtest of every candidate) and a 28-day forecast each, split over worker threads (one per
//     core by default). Generation is outside the timed part.
//  2. The demand history store filled with a year of daily demand for 10,000 SKUs × 200 locations,
//     recorded day by day as a feed would, and its memory measured.
//   npx tsx bench/forecast-speed.ts [--series=10000] [--days=365] [--horizon=28] [--workers=2]
//     [--skus=10000] [--locations=200] [--seed=1]
import { mkdirSync, writeFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { join } from 'path';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { firstMessage, startTsWorker } from './lib/tsWorker';
import { forecastSeries } from '@stockgraph/planning';
import { mulberry32, syntheticSeries } from '@stockgraph/planning/testing';
import { DemandHistoryStore } from '@stockgraph/planning';

function arg(name: string, fallback: number): number {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : fallback;
}
const r2 = (x: number) => Math.round(x * 100) / 100;

interface Job { series: Float64Array[]; horizon: number }
interface Done { methods: Record<string, number>; cpuMs: number; count: number }

function runJob(job: Job): Done {
  const methods: Record<string, number> = {};
  const t0 = performance.now();
  for (const s of job.series) {
    const r = forecastSeries(s, job.horizon);
    methods[r.method] = (methods[r.method] ?? 0) + 1;
  }
  return { methods, cpuMs: performance.now() - t0, count: job.series.length };
}

if (!isMainThread) {
  parentPort!.postMessage(runJob(workerData as Job));
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

async function forecastPart(seed: number): Promise<Record<string, unknown>> {
  const n = arg('series', 10000);
  const days = arg('days', 365);
  const horizon = arg('horizon', 28);
  const workers = Math.max(1, arg('workers', cpus().length));
  const series = Array.from({ length: n }, (_, i) => syntheticSeries(mulberry32(seed * 1_000_003 + i), { days }));
  const t0 = performance.now();
  const parts: Array<Promise<Done>> = [];
  for (let w = 0; w < workers; w++) {
    const job: Job = { series: series.filter((_, i) => i % workers === w), horizon };
    parts.push(
      workers === 1
        ? Promise.resolve(runJob(job))
        : (() => {
            const worker = startTsWorker(__filename, job);
            return firstMessage<Done>(worker).finally(() => void worker.terminate());
          })(),
    );
  }
  const done = await Promise.all(parts);
  const wallMs = performance.now() - t0;
  // other work on the machine stretches wall time: say how busy it was
  const loadAverage1m = r2(loadavg()[0]);
  const methods: Record<string, number> = {};
  for (const d of done) for (const [k, v] of Object.entries(d.methods)) methods[k] = (methods[k] ?? 0) + v;
  const cpuMs = done.reduce((s, d) => s + d.cpuMs, 0);
  return {
    series: n,
    historyDays: days,
    horizon,
    workers,
    wallSeconds: r2(wallMs / 1000),
    msPerSeriesPerThread: r2(cpuMs / n),
    loadAverage1m,
    targetSeconds: 60,
    targetMet: wallMs <= 60_000,
    methodsChosen: methods,
  };
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function memoryPart(seed: number): Record<string, unknown> {
  const skus = arg('skus', 10000);
  const locations = arg('locations', 200);
  const days = 365;
  const rand = mulberry32(seed);
  const n = skus * locations;
  // Daily rate per SKU × location, log-normal (median 0.15 units/day, σ = 1.2): most store-SKU
  // pairs sell a few times a month, a few sell every day.
  const rate = new Float64Array(n);
  const pSell = new Float64Array(n);
  const next = new Int32Array(n);
  const geometric = (p: number) => (p >= 1 ? 0 : Math.floor(Math.log(Math.max(rand(), 1e-300)) / Math.log(1 - p)));
  for (let s = 0; s < n; s++) {
    const z = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
    rate[s] = 0.15 * Math.exp(1.2 * z);
    pSell[s] = 1 - Math.exp(-rate[s]);
    next[s] = geometric(pSell[s]);
  }
  gc();
  const before = process.memoryUsage();
  const store = new DemandHistoryStore({ capacityDays: days });
  for (let k = 0; k < skus; k++) store.internSku(`SKU${String(k).padStart(6, '0')}`);
  for (let l = 0; l < locations; l++) store.internLocation(`L${String(l).padStart(3, '0')}`);
  const firstDay = 15000;
  let sellingDays = 0;
  const t0 = performance.now();
  for (let d = 0; d < days; d++) {
    for (let s = 0; s < n; s++) {
      if (next[s] !== d) continue;
      // zero-truncated Poisson quantity by inversion
      const lambda = rate[s];
      let k = 1;
      let p = (lambda * Math.exp(-lambda)) / pSell[s];
      let cdf = p;
      const u = rand();
      while (u > cdf && k < 10000) {
        k++;
        p *= lambda / k;
        cdf += p;
      }
      store.recordIndexed(Math.floor(s / locations), s % locations, firstDay + d, k);
      sellingDays++;
      next[s] = d + 1 + geometric(pSell[s]);
    }
  }
  const recordSeconds = (performance.now() - t0) / 1000;
  gc();
  const after = process.memoryUsage();
  const mem = store.memory();
  const measured = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const MB = 1024 * 1024;
  return {
    skus,
    locations,
    days,
    seriesWithDemand: store.seriesCount,
    sellingDays,
    density: r2((sellingDays / (n * days)) * 100) / 100,
    recordsPerSecond: Math.round(sellingDays / recordSeconds),
    storeMB: r2(mem.totalBytes / MB),
    arenaMB: r2(mem.arenaBytes / MB),
    metadataMB: r2(mem.metadataBytes / MB),
    indexMB: r2(mem.indexBytes / MB),
    processDeltaMB: r2(measured / MB),
    bytesPerSellingDay: r2(mem.totalBytes / sellingDays),
    denseFloat32MB: r2((n * days * 4) / MB),
    keepAlive: store.series('SKU000000', 'L000').length,
  };
}

async function main(): Promise<void> {
  const seed = arg('seed', 1);
  const forecast = await forecastPart(seed);
  const history = memoryPart(seed);
  const out = { bench: 'forecast-speed', cpuCount: cpus().length, forecast, history };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'forecast-speed.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out));
}

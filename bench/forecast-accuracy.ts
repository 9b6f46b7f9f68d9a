// Forecast accuracy on the real Online Retail file: hold out its last 28 days, forecast them from
// the rest for the 100 codes with the most selling days (counted on the training part), and
// compare the selected method with seasonal naive (weekly) on aggregate WAPE and mean MASE.
// Nothing from the held-out days reaches code selection, outlier caps, method selection or fits.
//   npx tsx bench/forecast-accuracy.ts [--input=path] [--top=100] [--holdout=28] [--cap-k=5]
//     [--skip-last=0] [--methods=SBA,TSB,...] [--options='{"intermittentAlpha":0.1}']  (to compare variants)
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { naiveScale } from '@stockgraph/planning';
import type { ForecastMethod } from '@stockgraph/planning';
import { forecastSeries, type ForecastOptions } from '@stockgraph/planning';
import { seasonalNaive } from '@stockgraph/planning';
import { fromEpochDay } from '@stockgraph/planning';
import { capOutliers } from '@stockgraph/planning';
import { importTransactionsFile } from '@stockgraph/planning';

function arg(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

const input = arg('input', resolve(__dirname, '../data/online-retail/transactions.csv.gz'));
const top = Number(arg('top', '100'));
const holdout = Number(arg('holdout', '28'));
const capK = Number(arg('cap-k', '5'));
// drop this many days from the end of the file first: the same test on earlier months
const skipLast = Number(arg('skip-last', '0'));
const methods = arg('methods', '');
const extra = JSON.parse(arg('options', '{}')) as ForecastOptions;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

async function main(): Promise<void> {
  const t0 = performance.now();
  const demand = await importTransactionsFile(input);
  const length = demand.lastDay - demand.firstDay + 1 - skipLast;
  const trainEnd = length - holdout;
  const sellingDays = (s: Float64Array) => s.subarray(0, trainEnd).reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
  const ranked = [...demand.series.entries()]
    .map(([code, s]) => ({ code, s: s.subarray(0, length), days: sellingDays(s) }))
    .sort((a, b) => b.days - a.days || (a.code < b.code ? -1 : 1))
    .slice(0, top);

  let absChosen = 0;
  let absNaive = 0;
  let signedChosen = 0;
  let signedNaive = 0;
  let actualTotal = 0;
  let maseChosen = 0;
  let maseNaive = 0;
  let maseCount = 0;
  let absNaiveCapped = 0;
  let maseNaiveCapped = 0;
  const chosenCount: Record<string, number> = {};
  const t1 = performance.now();
  for (const { s } of ranked) {
    const train = s.subarray(0, trainEnd);
    const actual = s.subarray(trainEnd);
    const prepared = Number.isFinite(capK) ? capOutliers(train, capK).series : train;
    const result = forecastSeries(prepared, holdout, { ...extra, ...(methods ? { methods: methods.split(',') as ForecastMethod[] } : {}) });
    chosenCount[result.method] = (chosenCount[result.method] ?? 0) + 1;
    const naive = seasonalNaive(train, holdout, 7);
    const naiveCapped = seasonalNaive(prepared, holdout, 7);
    let eC = 0;
    let eN = 0;
    let eNC = 0;
    for (let h = 0; h < holdout; h++) {
      const q = result.points[h].quantity;
      eC += Math.abs(actual[h] - q);
      eN += Math.abs(actual[h] - naive[h]);
      eNC += Math.abs(actual[h] - naiveCapped[h]);
      signedChosen += q - actual[h];
      signedNaive += naive[h] - actual[h];
      actualTotal += Math.abs(actual[h]);
    }
    absChosen += eC;
    absNaive += eN;
    absNaiveCapped += eNC;
    const scale = naiveScale(train, 7);
    if (scale > 0) {
      maseChosen += eC / holdout / scale;
      maseNaive += eN / holdout / scale;
      maseNaiveCapped += eNC / holdout / scale;
      maseCount++;
    }
  }
  const chosen = { wape: absChosen / actualTotal, mase: maseChosen / maseCount, bias: signedChosen / actualTotal };
  const naive = { wape: absNaive / actualTotal, mase: maseNaive / maseCount, bias: signedNaive / actualTotal };
  const out = {
    bench: 'forecast-accuracy',
    input,
    trainingDays: `${fromEpochDay(demand.firstDay)}..${fromEpochDay(demand.firstDay + trainEnd - 1)}`,
    holdoutDays: `${fromEpochDay(demand.firstDay + trainEnd)}..${fromEpochDay(demand.firstDay + length - 1)}`,
    codes: ranked.length,
    outlierCapK: capK,
    chosen: { wape: r4(chosen.wape), mase: r4(chosen.mase), bias: r4(chosen.bias) },
    seasonalNaive: { wape: r4(naive.wape), mase: r4(naive.mase), bias: r4(naive.bias) },
    improvement: { wape: r4(1 - chosen.wape / naive.wape), mase: r4(1 - chosen.mase / naive.mase) },
    // the same seasonal naive fed the outlier-capped history: how much of the gain is the method
    seasonalNaiveCapped: { wape: r4(absNaiveCapped / actualTotal), mase: r4(maseNaiveCapped / maseCount) },
    targetMet: 1 - chosen.wape / naive.wape >= 0.15 && 1 - chosen.mase / naive.mase >= 0.15,
    methodsChosen: chosenCount,
    importSeconds: r4((t1 - t0) / 1000),
    forecastSeconds: r4((performance.now() - t1) / 1000),
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'forecast-accuracy.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

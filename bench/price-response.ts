// The price response behind markdown suggestions, fitted and backtested on the real file's
// (price, units) pairs: per code × week, units sold and the median unit price. Codes with at
// least 20 selling weeks. Fitted on all weeks before the last `--holdout` (default 8); the held-out
// weeks are predicted from the item effect, the mean period effect of the last 4 fitted weeks and
// the week's price, and scored (WAPE on units) against the same model without price, on all
// held-out code-weeks and on those whose price differs from the code's fitted median price by
// more than 5%. The full-data fit gives the elasticity the planning subgraph uses.
//   npm run bench -- price-response
import { resolve } from 'node:path';
import { fitPriceResponse, predictUnits, type PriceObservation, type PriceResponseFit } from '@stockgraph/planning';
import { importTransactionsFile } from '@stockgraph/planning';
import { WeeklyPriceCleaner } from '@stockgraph/planning';
import { writeResult } from './lib/writeResult';

const hit = process.argv.find((a) => a.startsWith('--holdout='));
const holdout = hit ? Number(hit.split('=')[1]) : 8;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export async function loadPriceObservations(path: string): Promise<PriceObservation[]> {
  const cleaner = new WeeklyPriceCleaner();
  await importTransactionsFile(path, { cleaner });
  const all = cleaner.observations();
  const weeks = new Map<string, number>();
  for (const o of all) weeks.set(o.item, (weeks.get(o.item) ?? 0) + 1);
  return all.filter((o) => (weeks.get(o.item) ?? 0) >= 20);
}

function score(fit: PriceResponseFit, test: PriceObservation[], train: PriceObservation[]) {
  const lastWeeks = [...fit.periodEffect.keys()].sort((a, b) => b - a).slice(0, 4);
  const periodEffect = lastWeeks.reduce((s, w) => s + fit.periodEffect.get(w)!, 0) / lastWeeks.length;
  const median = new Map<string, number>();
  const byItem = new Map<string, number[]>();
  for (const o of train) byItem.set(o.item, [...(byItem.get(o.item) ?? []), o.price]);
  for (const [k, v] of byItem) median.set(k, v.sort((a, b) => a - b)[v.length >> 1]);
  const t = { all: [0, 0], changed: [0, 0] };
  for (const o of test) {
    const f = predictUnits(fit, o.item, o.price, periodEffect);
    if (!Number.isFinite(f)) continue;
    t.all[0] += Math.abs(o.units - f);
    t.all[1] += o.units;
    if (Math.abs(o.price / median.get(o.item)! - 1) > 0.05) {
      t.changed[0] += Math.abs(o.units - f);
      t.changed[1] += o.units;
    }
  }
  return { wapeAll: r4(t.all[0] / t.all[1]), wapePriceChanged: r4(t.changed[0] / t.changed[1]), unitsPriceChanged: t.changed[1] };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const obs = await loadPriceObservations(resolve(__dirname, '../data/online-retail/transactions.csv.gz'));
  const lastWeek = Math.max(...obs.map((o) => o.period));
  const train = obs.filter((o) => o.period <= lastWeek - holdout);
  const test = obs.filter((o) => o.period > lastWeek - holdout);
  const withPrice = fitPriceResponse(train);
  const without = fitPriceResponse(train, { withPrice: false });
  const full = fitPriceResponse(obs);
  const a = score(withPrice, test, train);
  const b = score(without, test, train);
  writeResult('price-response', {
    bench: 'price-response',
    observations: obs.length,
    codes: full.items,
    elasticity: r4(full.elasticity),
    backtest: {
      heldOutWeeks: holdout,
      elasticityOnTraining: r4(withPrice.elasticity),
      withPrice: a,
      withoutPrice: b,
      improvementPriceChanged: r4(1 - a.wapePriceChanged / b.wapePriceChanged),
      improvementAll: r4(1 - a.wapeAll / b.wapeAll),
    },
    seconds: r4((performance.now() - t0) / 1000),
  });
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });

// KPIs on the real Online Retail file as weekly time series. The file has sales, cancellations and
// prices but no stock, receipts or shipments, so of the planning KPIs it supports units sold and
// forecast accuracy; it has no channels either, so demand is split into two customer segments by
// country (United Kingdom, everywhere else), the nearest thing to a channel it records. Each week
// from the 20th on: the 100 codes with the most selling days before it in the segment, the pooled
// quantile forecast (calendar, pooled profile and chooser as the CLI) from the days before the
// week, scored on the week: accuracy = max(0, 1 − WAPE).
//   npm run bench -- kpi-real
import { resolve } from 'node:path';
import { choosePooledConfig, pooledQuantileForecast, pooledWeekdayProfile } from '@stockgraph/planning';
import { closedDays } from '@stockgraph/planning';
import { fromEpochDay } from '@stockgraph/planning';
import { capOutliers } from '@stockgraph/planning';
import { importTransactionsFile } from '@stockgraph/planning';
import { isNonProductCode, normaliseStockCode } from '@stockgraph/planning';
import { TransactionCleaner, type TransactionLine } from '@stockgraph/planning';
import { writeResult } from './lib/writeResult';

const SEGMENTS = ['UK', 'INTERNATIONAL'] as const;
const segmentOf = (country: unknown) => (String(country ?? '').trim() === 'United Kingdom' ? 'UK' : 'INTERNATIONAL');
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The cleaner with each product code suffixed by the customer's segment (cleaning rules unchanged). */
class SegmentCleaner extends TransactionCleaner {
  override accept(line: TransactionLine): void {
    const code = typeof line.stock_code === 'string' ? normaliseStockCode(line.stock_code) : '';
    super.accept(!code || isNonProductCode(code) ? line : { ...line, stock_code: `${code}~${segmentOf((line as unknown as Record<string, unknown>).country)}` });
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const demand = await importTransactionsFile(resolve(__dirname, '../data/online-retail/transactions.csv.gz'), { cleaner: new SegmentCleaner() });
  const length = demand.lastDay - demand.firstDay + 1;
  const totals = new Float64Array(length);
  for (const s of demand.series.values()) for (let i = 0; i < length; i++) totals[i] += s[i];
  const series: Record<string, Array<{ week: string; unitsSold: number; forecastAccuracy: number | null }>> = {};
  for (const segment of SEGMENTS) {
    const codes = [...demand.series.entries()].filter(([k]) => k.endsWith(`~${segment}`));
    series[segment] = [];
    for (let origin = 19 * 7; origin + 7 <= length; origin += 7) {
      const closedSet = closedDays(demand.firstDay, totals.subarray(0, origin));
      const closed = (i: number) => closedSet.has(demand.firstDay + i);
      let sold = 0;
      for (const [, s] of codes) for (let h = 0; h < 7; h++) sold += s[origin + h];
      const top = codes
        .map(([, s]) => ({ s, days: s.subarray(0, origin).reduce((n, v) => n + (v > 0 ? 1 : 0), 0) }))
        .sort((a, b) => b.days - a.days)
        .slice(0, 100);
      const trains = top.map(({ s }) => capOutliers(s.subarray(0, origin), 5).series);
      const profile = pooledWeekdayProfile(trains, origin, 182, closed);
      const config = choosePooledConfig(trains, origin, 28, { closed, profile: pooledWeekdayProfile(trains, origin - 28, 182, closed) });
      let err = 0;
      let actual = 0;
      top.forEach(({ s }, k) => {
        const f = pooledQuantileForecast(trains[k], origin, 7, { ...config, closed, profile, levels: [0.5] }).median;
        for (let h = 0; h < 7; h++) {
          err += Math.abs(s[origin + h] - f[h]);
          actual += Math.abs(s[origin + h]);
        }
      });
      series[segment].push({ week: fromEpochDay(demand.firstDay + origin), unitsSold: Math.round(sold), forecastAccuracy: actual > 0 ? r4(Math.max(0, 1 - err / actual)) : null });
    }
  }
  const mean = (xs: Array<number | null>) => { const v = xs.filter((x): x is number => x !== null); return v.length ? r4(v.reduce((a, b) => a + b, 0) / v.length) : null; };
  writeResult('kpi-real', {
    bench: 'kpi-real',
    weeks: series.UK.length,
    meanForecastAccuracy: Object.fromEntries(SEGMENTS.map((s) => [s, mean(series[s].map((w) => w.forecastAccuracy))])),
    notInTheFile: { sellThrough: 'no stock', turnover: 'no stock', fillRate: 'no stock at order time', splitRate: 'no shipments', averageReplenishmentLeadTimeDays: 'no purchase orders' },
    series,
    seconds: r4((performance.now() - t0) / 1000),
  });
}

main().catch((e) => { console.error(e); process.exit(1); });

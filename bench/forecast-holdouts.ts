// Rolling-origin holdouts on the real Online Retail file: `--windows` back-to-back 28-day windows
// ending at the file's last day; at each origin the `--top` codes with the most selling days
// before it are forecast from the days before it only, and every method is scored on the window.
// WAPE, bias (Σ(ŷ − y)/Σy), MASE (mean over series, seasonal-naive scale of the training part)
// and the pinball loss of the 10/50/90% quantiles (Σ over days / Σy, so comparable to WAPE:
// pinball at 50% is WAPE / 2). A point method's point stands in for every quantile.
//   npm run bench -- forecast-holdouts        [--windows=6] [--top=100] [--holdout=28]
import { resolve } from 'node:path';
import { naiveScale } from '@stockgraph/planning';
import { forecastSeries } from '@stockgraph/planning';
import { choosePooledConfig, pinballLoss, pooledQuantileForecast, pooledWeekdayProfile, weekdayQuantileForecast } from '@stockgraph/planning';
import { seasonalNaive } from '@stockgraph/planning';
import { closedDays } from '@stockgraph/planning';
import { fromEpochDay } from '@stockgraph/planning';
import { capOutliers } from '@stockgraph/planning';
import { importTransactionsFile } from '@stockgraph/planning';
import { writeResult } from './lib/writeResult';

function arg(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}
const input = arg('input', resolve(__dirname, '../data/online-retail/transactions.csv.gz'));
const windows = Number(arg('windows', '6'));
const top = Number(arg('top', '100'));
const H = Number(arg('holdout', '28'));
const LEVELS = [0.1, 0.5, 0.9];
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

type Quantiles = [Float64Array, Float64Array, Float64Array];
interface Tally { abs: number; signed: number; actual: number; mase: number; series: number; pinball: number[] }
const tallies: Record<string, Tally> = {};
function score(method: string, y: Float64Array, q: Quantiles, scale: number): void {
  const t = (tallies[method] ??= { abs: 0, signed: 0, actual: 0, mase: 0, series: 0, pinball: [0, 0, 0] });
  let abs = 0;
  for (let h = 0; h < y.length; h++) {
    abs += Math.abs(y[h] - q[1][h]);
    t.signed += q[1][h] - y[h];
    t.actual += Math.abs(y[h]);
  }
  t.abs += abs;
  if (scale > 0) {
    t.mase += abs / y.length / scale;
    t.series++;
  }
  LEVELS.forEach((tau, k) => (t.pinball[k] += pinballLoss(y, q[k], tau)));
}
const point = (f: Float64Array): Quantiles => [f, f, f];

async function main(): Promise<void> {
  const t0 = performance.now();
  const demand = await importTransactionsFile(input);
  const length = demand.lastDay - demand.firstDay + 1;
  const ranges: string[] = [];
  const chosenCounts: Record<string, number> = {};
  const configsChosen: object[] = [];
  for (let w = windows - 1; w >= 0; w--) {
    const end = length - H - w * H;
    ranges.push(`${fromEpochDay(demand.firstDay + end)}..${fromEpochDay(demand.firstDay + end + H - 1)}`);
    // the shop's calendar: bank holidays, and days before the origin on which nothing sold
    const totals = new Float64Array(end);
    for (const s of demand.series.values()) for (let i = 0; i < end; i++) totals[i] += s[i];
    const closedSet = closedDays(demand.firstDay, totals);
    const closed = (i: number) => closedSet.has(demand.firstDay + i);
    const ranked = [...demand.series.entries()]
      .map(([code, s]) => ({ code, s, days: s.subarray(0, end).reduce((n, v) => n + (v > 0 ? 1 : 0), 0) }))
      .sort((a, b) => b.days - a.days || (a.code < b.code ? -1 : 1))
      .slice(0, top);
    const trains = ranked.map(({ s }) => capOutliers(s.subarray(0, end), 5).series);
    const profile = pooledWeekdayProfile(trains, end, 182, closed);
    // chosen on the 28 days before the origin, with the profile those days could have seen
    const config = choosePooledConfig(trains, end, H, { closed, profile: pooledWeekdayProfile(trains, end - H, 182, closed) });
    configsChosen.push(config);
    ranked.forEach(({ s }, k) => {
      const train = s.subarray(0, end);
      const capped = trains[k];
      const y = s.subarray(end, end + H);
      const scale = naiveScale(train, 7);
      score('WEEKDAY_MEDIAN_13 (baseline)', y, weekdayQuantileForecast(train, end, H, 13, LEVELS) as Quantiles, scale);
      score('WEEKDAY_MEDIAN_13 + calendar', y, weekdayQuantileForecast(train, end, H, 13, LEVELS, 7, closed) as Quantiles, scale);
      score('SEASONAL_NAIVE', y, point(seasonalNaive(train, H, 7)), scale);
      const chosen = forecastSeries(capped, H);
      chosenCounts[chosen.method] = (chosenCounts[chosen.method] ?? 0) + 1;
      const pts = chosen.points;
      score('MEAN_CHOOSER (HW/Croston/SBA/TSB by backtest)', y, [Float64Array.from(pts, (p) => p.lower), Float64Array.from(pts, (p) => p.quantity), Float64Array.from(pts, (p) => p.upper)], scale);
      const own = pooledQuantileForecast(capped, end, H, { closed, levels: LEVELS });
      score('QUANTILE_OWN_PROFILE', y, own.quantiles as Quantiles, scale);
      const pooled = pooledQuantileForecast(capped, end, H, { closed, levels: LEVELS, profile, ...config });
      score('POOLED_QUANTILE', y, pooled.quantiles as Quantiles, scale);
    });
    process.stderr.write(`window ${ranges.at(-1)} done\n`);
  }
  const base = tallies['WEEKDAY_MEDIAN_13 (baseline)'];
  const methods = Object.entries(tallies).map(([method, t]) => ({
    method,
    wape: r4(t.abs / t.actual),
    mase: r4(t.mase / t.series),
    bias: r4(t.signed / t.actual),
    pinball10: r4(t.pinball[0] / t.actual),
    pinball50: r4(t.pinball[1] / t.actual),
    pinball90: r4(t.pinball[2] / t.actual),
    wapeVsBaseline: r4(1 - t.abs / t.actual / (base.abs / base.actual)),
  }));
  const best = methods.find((m) => m.method === 'POOLED_QUANTILE')!;
  writeResult('forecast-holdouts', {
    bench: 'forecast-holdouts',
    input: input.replace(resolve(__dirname, '..') + '/', ''),
    windows: ranges,
    codesPerWindow: top,
    methods,
    cliMethod: 'POOLED_QUANTILE',
    pooledConfigsChosen: configsChosen,
    targetMet: best.wapeVsBaseline >= 0.05,
    meanChooserPicks: chosenCounts,
    seconds: r4((performance.now() - t0) / 1000),
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

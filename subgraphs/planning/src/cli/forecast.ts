// Forecast daily demand from a transaction export:
//   npm run --silent forecast -- --input transactions.csv.gz --horizon 28 --top 100 > forecast.csv
// Cleans the file (rules in the planning README), takes the `top` stock codes with the most
// selling days, caps each series' outliers and forecasts each of the `horizon` days after the
// file's last date: by default the pooled quantile method (median of the de-seasonalised recent
// days × a weekday profile pooled over the top codes, on the shop's calendar), whose window is
// chosen by a pooled backtest; `--method mean` keeps the per-series Holt-Winters/Croston chooser.
// Writes `sku,date,quantity` (the median), plus one column `q<level>` per `--quantiles` level.
// Progress goes to stderr; stdout carries only the CSV.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { forecastSeries } from '../engine/forecastSeries';
import { choosePooledConfig, pooledQuantileForecast, pooledWeekdayProfile } from '../engine/quantileForecast';
import { closedDays } from '../engine/shopCalendar';
import { fromEpochDay } from '../history/calendarDay';
import { capOutliers } from '../history/capOutliers';
import { importTransactionsFile } from '../history/importTransactions';
import { createProgressBar } from './progressBar';

export interface ForecastCliOptions {
  input: string;
  horizon: number;
  top: number;
  capK: number;
  /** extra quantile columns, levels in (0, 1) */
  quantiles?: number[];
  method?: 'pooled' | 'mean';
}

const USAGE =
  'usage: forecast --input <transactions.csv[.gz]> [--horizon <days>=28] [--top <n>=100] [--cap-k <k>=5] [--quantiles 0.1,0.5,0.9] [--method pooled|mean]';

export function parseCliArgs(argv: string[]): ForecastCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: { input: { type: 'string' }, horizon: { type: 'string' }, top: { type: 'string' }, 'cap-k': { type: 'string' }, quantiles: { type: 'string' }, method: { type: 'string' } },
    strict: true,
  });
  const problems: string[] = [];
  const int = (name: string, raw: string | undefined, fallback: number, max: number) => {
    const v = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(v) || v < 1 || v > max) problems.push(`--${name} must be an integer in 1..${max}`);
    return v;
  };
  if (!values.input) problems.push('--input is required');
  const horizon = int('horizon', values.horizon, 28, 3660);
  const top = int('top', values.top, 100, 1_000_000);
  const capK = values['cap-k'] === undefined ? 5 : Number(values['cap-k']);
  if (!(capK > 0)) problems.push('--cap-k must be a positive number (Infinity to disable)');
  const quantiles = values.quantiles === undefined ? undefined : values.quantiles.split(',').map((q) => Number(q.trim()));
  if (quantiles && (quantiles.length === 0 || quantiles.some((q) => !(q > 0 && q < 1)))) problems.push('--quantiles must be a comma-separated list of levels in (0, 1)');
  const method = (values.method ?? 'pooled') as 'pooled' | 'mean';
  if (method !== 'pooled' && method !== 'mean') problems.push('--method must be pooled or mean');
  if (method === 'mean' && quantiles) problems.push('--quantiles needs --method pooled');
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${USAGE}`);
  return { input: values.input!, horizon, top, capK, quantiles, method };
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function runForecastCli(opts: ForecastCliOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<void> {
  const size = statSync(opts.input).size;
  const reading = createProgressBar({ label: 'reading   ', total: size, stream: err });
  const demand = await importTransactionsFile(opts.input, { onProgress: (_, bytes) => reading.update(bytes) });
  reading.finish();

  const ranked = [...demand.sellingDays.entries()]
    .filter(([, days]) => days > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, opts.top)
    .map(([code]) => code);
  const forecasting = createProgressBar({ label: 'forecasting', total: ranked.length, stream: err });
  const levels = opts.quantiles ?? [];
  const lines: string[] = [['sku,date,quantity', ...levels.map((q) => `q${q}`)].join(',')];
  const dates = Array.from({ length: opts.horizon }, (_, h) => fromEpochDay(demand.lastDay + 1 + h));
  const histories = ranked.map((code) => capOutliers(demand.series.get(code)!, opts.capK).series);
  const end = demand.lastDay - demand.firstDay + 1;
  const totals = new Float64Array(end);
  for (const s of demand.series.values()) for (let i = 0; i < end; i++) totals[i] += s[i];
  const closedSet = closedDays(demand.firstDay, totals);
  const closed = (i: number) => closedSet.has(demand.firstDay + i);
  const profile = pooledWeekdayProfile(histories, end, 182, closed);
  const config = opts.method === 'mean' ? null : choosePooledConfig(histories, end, 28, { closed, profile: pooledWeekdayProfile(histories, end - 28, 182, closed) });
  const num = (v: number) => Math.max(0, Math.round(v * 1000) / 1000);
  ranked.forEach((code, i) => {
    const sku = csvField(code);
    if (!config) {
      forecastSeries(histories[i], opts.horizon).points.forEach((p, h) => lines.push(`${sku},${dates[h]},${num(p.quantity)}`));
    } else {
      const f = pooledQuantileForecast(histories[i], end, opts.horizon, { ...config, closed, profile, levels });
      const columns = levels.map((q) => f.quantiles[f.levels.indexOf(q)]);
      for (let h = 0; h < opts.horizon; h++) lines.push([sku, dates[h], num(f.median[h]), ...columns.map((c) => num(c[h]))].join(','));
    }
    forecasting.update(i + 1);
  });
  forecasting.finish();
  await new Promise<void>((resolve, reject) => out.write(lines.join('\n') + '\n', (e) => (e ? reject(e) : resolve())));
}

if (require.main === module) {
  let opts: ForecastCliOptions;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  runForecastCli(opts).catch((e: Error) => {
    process.stderr.write(`forecast failed: ${e.message}\n`);
    process.exit(1);
  });
}

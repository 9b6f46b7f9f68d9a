// Forecast daily demand from a transaction export:
//   npm run --silent forecast -- --input transactions.csv.gz --horizon 28 --top 100 > forecast.csv
// Cleans the file (rules in the planning README), takes the `top` stock codes with the most
// selling days, caps each series' outliers, selects a method per code by rolling-origin backtest
// and writes `sku,date,quantity` for each of the `horizon` days after the file's last date.
// Progress goes to stderr; stdout carries only the CSV.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { forecastSeries } from '../engine/forecastSeries';
import { fromEpochDay } from '../history/calendarDay';
import { capOutliers } from '../history/capOutliers';
import { importTransactionsFile } from '../history/importTransactions';
import { createProgressBar } from './progressBar';

export interface ForecastCliOptions {
  input: string;
  horizon: number;
  top: number;
  capK: number;
}

const USAGE = 'usage: forecast --input <transactions.csv[.gz]> [--horizon <days>=28] [--top <n>=100] [--cap-k <k>=5]';

export function parseCliArgs(argv: string[]): ForecastCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: { input: { type: 'string' }, horizon: { type: 'string' }, top: { type: 'string' }, 'cap-k': { type: 'string' } },
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
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${USAGE}`);
  return { input: values.input!, horizon, top, capK };
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
  const lines: string[] = ['sku,date,quantity'];
  const dates = Array.from({ length: opts.horizon }, (_, h) => fromEpochDay(demand.lastDay + 1 + h));
  ranked.forEach((code, i) => {
    const history = capOutliers(demand.series.get(code)!, opts.capK).series;
    const result = forecastSeries(history, opts.horizon);
    const sku = csvField(code);
    result.points.forEach((p, h) => lines.push(`${sku},${dates[h]},${Math.max(0, Math.round(p.quantity * 1000) / 1000)}`));
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

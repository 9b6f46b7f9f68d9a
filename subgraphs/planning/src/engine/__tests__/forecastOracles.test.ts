// The arithmetic pinned down by data/reference/forecast-oracles.json (R 4.2.2,
// stats::HoltWinters and forecast 8.20).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bias, wape } from '../accuracyMetrics';
import { fitHoltWinters } from '../fitHoltWinters';
import { holtWintersFilter, holtWintersForecast, holtWintersStart, type HoltWintersSpec, type HoltWintersState } from '../holtWinters';
import { croston, sba } from '../intermittentDemand';
import { seasonalNaive } from '../seasonalNaive';

interface HoldoutFit { alpha: number; beta: number; gamma: number; mean: number[]; WAPE: number; Bias: number }
interface Oracles {
  airPassengers: { series: number[] };
  holdout1959_60: { snaive: { mean: number[]; WAPE: number; Bias: number }; holtWintersMultiplicative: HoldoutFit; holtWintersAdditive: HoldoutFit };
  intermittent: { series: number[]; 'crostonClassic_alpha0.1': number; 'sba_alpha0.1': number };
  holtWintersFixed: { series: number[]; frequency: number; alpha: number; beta: number; gamma: number; sse: number; forecast_h1_14: number[] };
}
// read at run time, like the contract files: the reference data lives beside the repository
const oracles = JSON.parse(readFileSync(resolve(__dirname, '../../../../../data/reference/forecast-oracles.json'), 'utf8')) as Oracles;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const maxRel = (a: ArrayLike<number>, b: number[]) => Math.max(...b.map((v, i) => rel(a[i], v)));
const air = oracles.airPassengers.series;
const train = air.slice(0, 120);
const test = air.slice(120);

function run(series: number[], spec: HoltWintersSpec, p: { alpha: number; beta: number; gamma: number }, horizon: number) {
  const start = holtWintersStart(series, spec)!;
  const state: HoltWintersState = { level: 0, trend: 0, season: new Float64Array(spec.period) };
  const sse = holtWintersFilter(series, spec, { ...p, phi: 1 }, start, 0, series.length, state);
  return { sse, forecast: holtWintersForecast(state, spec, { ...p, phi: 1 }, horizon) };
}

describe('Holt-Winters against R', () => {
  it('holtWintersFixed: additive, α 0.3 β 0.1 γ 0.2, R start values: SSE and 14-day forecast', () => {
    const o = oracles.holtWintersFixed;
    const { sse, forecast } = run(o.series, { period: o.frequency, seasonal: 'additive', trend: true }, o, 14);
    expect(rel(sse, o.sse)).toBeLessThan(1e-6);
    expect(maxRel(forecast, o.forecast_h1_14)).toBeLessThan(1e-6);
  });

  it.each([
    ['holtWintersMultiplicative', 'multiplicative'],
    ['holtWintersAdditive', 'additive'],
  ] as const)('%s with R\'s least-squares parameters reproduces its 24-month forecast', (name, seasonal) => {
    const o = oracles.holdout1959_60[name];
    const { forecast } = run(train, { period: 12, seasonal, trend: true }, o, 24);
    expect(maxRel(forecast, o.mean)).toBeLessThan(1e-6);
  });

  it.each([
    ['holtWintersMultiplicative', 'multiplicative'],
    ['holtWintersAdditive', 'additive'],
  ] as const)('%s: our least-squares fit is as good as R\'s and scores its holdout WAPE', (name, seasonal) => {
    const o = oracles.holdout1959_60[name];
    const spec: HoltWintersSpec = { period: 12, seasonal, trend: true };
    const atR = run(train, spec, o, 24).sse;
    const fit = fitHoltWinters(train, spec)!;
    expect(fit.sse).toBeLessThanOrEqual(atR * (1 + 1e-6));
    const forecast = holtWintersForecast(fit.state, spec, fit.params, 24);
    expect(Math.abs(wape(test, forecast) - o.WAPE)).toBeLessThan(1e-3);
  });
});

describe('intermittent demand against R', () => {
  const o = oracles.intermittent;
  it('Croston (α = 0.1) and SBA', () => {
    expect(rel(croston(o.series, 0.1), o['crostonClassic_alpha0.1'])).toBeLessThan(1e-12);
    expect(rel(sba(o.series, 0.1), o['sba_alpha0.1'])).toBeLessThan(1e-12);
  });
});

describe('seasonal naive on the airline holdout', () => {
  it('period 12: forecasts, WAPE and bias equal the oracle', () => {
    const o = oracles.holdout1959_60.snaive;
    const forecast = seasonalNaive(train, 24, 12);
    expect(Array.from(forecast)).toEqual(o.mean);
    expect(rel(wape(test, forecast), o.WAPE)).toBeLessThan(1e-12);
    expect(rel(bias(test, forecast), o.Bias)).toBeLessThan(1e-12);
  });
});

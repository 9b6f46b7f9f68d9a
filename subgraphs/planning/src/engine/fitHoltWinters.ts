// Least-squares Holt-Winters: α, β, γ (and φ when damped) minimise the one-step SSE, as R's
// HoltWinters does, but with a small bounded Nelder-Mead instead of L-BFGS-B.
import type { Series } from './accuracyMetrics';
import { holtWintersFilter, holtWintersStart, type HoltWintersParams, type HoltWintersSpec, type HoltWintersState } from './holtWinters';
import { nelderMead } from './nelderMead';

export interface ParameterBounds {
  alpha: [number, number];
  beta: [number, number];
  gamma: [number, number];
  phi: [number, number];
}

export const DEFAULT_BOUNDS: ParameterBounds = { alpha: [1e-4, 1], beta: [0, 1], gamma: [0, 1], phi: [0.8, 0.98] };

export interface FitOptions {
  damped?: boolean;
  startPeriods?: number;
  /** fit on x[from..end) */
  from?: number;
  end?: number;
  bounds?: ParameterBounds;
  /** optimiser start; R's optim.start (0.3, 0.1, 0.1) and φ 0.9 by default */
  initial?: Partial<HoltWintersParams>;
  maxEvaluations?: number;
  /** relative spread of SSE across the simplex at which the search stops */
  tolerance?: number;
  /** restarts from the best point while they still improve; default 2 */
  restarts?: number;
}

export interface FittedHoltWinters {
  spec: HoltWintersSpec;
  params: HoltWintersParams;
  start: HoltWintersState;
  /** state after the last fitted observation */
  state: HoltWintersState;
  sse: number;
  evaluations: number;
}

export function fitHoltWinters(x: Series, spec: HoltWintersSpec, opts: FitOptions = {}): FittedHoltWinters | null {
  const from = opts.from ?? 0;
  const end = opts.end ?? x.length;
  const damped = opts.damped ?? false;
  const b = opts.bounds ?? DEFAULT_BOUNDS;
  const start = holtWintersStart(x, spec, opts.startPeriods ?? 2, from);
  if (!start || end - from <= spec.period + 1) return null;

  const names: Array<keyof HoltWintersParams> = ['alpha'];
  if (spec.trend) names.push('beta');
  names.push('gamma');
  if (spec.trend && damped) names.push('phi');
  const init: HoltWintersParams = { alpha: 0.3, beta: 0.1, gamma: 0.1, phi: damped ? 0.9 : 1, ...opts.initial };
  const lower = names.map((k) => b[k][0]);
  const upper = names.map((k) => b[k][1]);
  const scratch = new Float64Array(spec.period);
  const base: HoltWintersParams = { alpha: init.alpha, beta: spec.trend ? init.beta : 0, gamma: init.gamma, phi: spec.trend && damped ? init.phi : 1 };
  const trialParams: HoltWintersParams = { ...base };
  const toParams = (v: ArrayLike<number>, into: HoltWintersParams): HoltWintersParams => {
    for (let i = 0; i < names.length; i++) into[names[i]] = v[i];
    return into;
  };
  const objective = (v: Float64Array) => holtWintersFilter(x, spec, toParams(v, trialParams), start, from, end, undefined, scratch);
  // Nelder-Mead can stall on a bound (β = 0 on the airline data); restarting from its answer
  // with a fresh simplex is the classic remedy (Press et al., §10.4).
  const budget = opts.maxEvaluations ?? 60 * names.length;
  const nmOpts = { lower, upper, step: 0.1, maxEvaluations: budget, tolerance: opts.tolerance ?? 1e-7 };
  let result = nelderMead(objective, names.map((k) => Math.min(b[k][1], Math.max(b[k][0], init[k]))), nmOpts);
  let evaluations = result.evaluations;
  for (let r = 0; r < (opts.restarts ?? 2); r++) {
    const again = nelderMead(objective, result.x, nmOpts);
    evaluations += again.evaluations;
    const improved = again.value < result.value * (1 - nmOpts.tolerance);
    if (again.value < result.value) result = again;
    if (!improved) break;
  }
  const params = toParams(result.x, { ...base });
  const state: HoltWintersState = { level: 0, trend: 0, season: new Float64Array(spec.period) };
  const sse = holtWintersFilter(x, spec, params, start, from, end, state);
  return { spec, params, start, state, sse, evaluations };
}

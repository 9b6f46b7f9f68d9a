// A small bounded Nelder-Mead (Lagarias et al. 1998 coefficients). Bounds are enforced by
// clamping every trial point into the box, which keeps it simple and lets solutions sit on a
// bound (R's least-squares Holt-Winters often puts γ at 1). Vertices live in one Float64Array and
// trial points are reused, because the optimiser runs thousands of times per benchmark and
// allocation would dominate its own cost.

export interface NelderMeadOptions {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  /** initial simplex edge as a fraction of each parameter's range */
  step?: number;
  maxEvaluations?: number;
  /** stop when the spread of objective values across the simplex falls below this (relative) */
  tolerance?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
}

/** Minimises f over the box; f receives a reused vector it must not keep. */
export function nelderMead(f: (x: Float64Array) => number, start: ArrayLike<number>, opts: NelderMeadOptions): NelderMeadResult {
  const n = start.length;
  const { lower, upper } = opts;
  const step = opts.step ?? 0.1;
  const maxEvaluations = opts.maxEvaluations ?? 200 * n;
  const tolerance = opts.tolerance ?? 1e-8;
  const simplex = new Float64Array((n + 1) * n);
  const values = new Float64Array(n + 1);
  const order = new Int32Array(n + 1);
  const centroid = new Float64Array(n);
  const trial = [new Float64Array(n), new Float64Array(n)];
  let evaluations = 0;
  const clampInto = (v: Float64Array) => {
    for (let j = 0; j < n; j++) v[j] = v[j] < lower[j] ? lower[j] : v[j] > upper[j] ? upper[j] : v[j];
  };
  const evaluate = (v: Float64Array) => {
    evaluations++;
    const r = f(v);
    return Number.isFinite(r) ? r : Infinity;
  };
  const vertex = (i: number) => simplex.subarray(i * n, (i + 1) * n);

  for (let i = 0; i <= n; i++) {
    const v = vertex(i);
    for (let j = 0; j < n; j++) v[j] = start[j];
    if (i > 0) {
      const j = i - 1;
      const range = upper[j] - lower[j];
      v[j] = v[j] + step * range <= upper[j] ? v[j] + step * range : v[j] - step * range;
    }
    clampInto(v);
    values[i] = evaluate(v);
    order[i] = i;
  }

  // trial point c + coef·(worst − c), into buffer b; returns its value
  const towards = (coef: number, worst: Float64Array, b: Float64Array) => {
    for (let j = 0; j < n; j++) b[j] = centroid[j] + coef * (worst[j] - centroid[j]);
    clampInto(b);
    return evaluate(b);
  };
  const replaceWorst = (worst: number, b: Float64Array, value: number) => {
    vertex(worst).set(b);
    values[worst] = value;
  };

  while (evaluations < maxEvaluations) {
    // insertion sort of the (n + 1) indices by value
    for (let i = 1; i <= n; i++) {
      const k = order[i];
      let j = i - 1;
      while (j >= 0 && values[order[j]] > values[k]) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = k;
    }
    const best = order[0];
    const worst = order[n];
    const second = order[n - 1];
    if (Math.abs(values[worst] - values[best]) <= tolerance * (Math.abs(values[best]) + tolerance)) break;

    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const v = vertex(order[i]);
      for (let j = 0; j < n; j++) centroid[j] += v[j] / n;
    }
    const w = vertex(worst);
    const fr = towards(-1, w, trial[0]);
    if (fr < values[best]) {
      const fe = towards(-2, w, trial[1]);
      if (fe < fr) replaceWorst(worst, trial[1], fe);
      else replaceWorst(worst, trial[0], fr);
      continue;
    }
    if (fr < values[second]) {
      replaceWorst(worst, trial[0], fr);
      continue;
    }
    const outside = fr < values[worst];
    const fc = towards(outside ? -0.5 : 0.5, w, trial[1]);
    if (fc < (outside ? fr : values[worst])) {
      replaceWorst(worst, trial[1], fc);
      continue;
    }
    const b = vertex(best);
    for (let i = 1; i <= n; i++) {
      const v = vertex(order[i]);
      for (let j = 0; j < n; j++) v[j] = b[j] + 0.5 * (v[j] - b[j]);
      clampInto(v);
      values[order[i]] = evaluate(v);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i] < values[bestIndex]) bestIndex = i;
  return { x: Array.from(vertex(bestIndex)), value: values[bestIndex], evaluations };
}

// Robust per-series outlier cap. Wholesale customers place the odd order many times a normal day
// (a 74,215-unit order then cancelled is the extreme; most are real but one-off). Left in, one such
// day drags every smoothing method up for weeks. The cap is computed from the selling days only
// (zeros would make the median meaningless for intermittent items):
//   cap = median + k · 1.4826 · MAD   (MAD = median |v − median|; 1.4826 makes it σ-consistent)
// If MAD is 0 (half the selling days have the same quantity), the mean absolute deviation × 1.2533
// stands in; if that is 0 too, nothing is capped. Values above the cap are set to the cap; zeros
// and negative days are left alone.

export interface CapResult {
  series: Float64Array;
  cap: number;
  cappedDays: number;
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

/** The cap for x[from..end); Infinity when fewer than `minDays` selling days or no spread. */
export function outlierCap(x: ArrayLike<number>, k = 5, from = 0, end = x.length, minDays = 5): number {
  const positive: number[] = [];
  for (let i = from; i < end; i++) if (x[i] > 0) positive.push(x[i]);
  if (positive.length < minDays) return Infinity;
  const sorted = Float64Array.from(positive).sort();
  const med = median(sorted);
  const deviations = sorted.map((v) => Math.abs(v - med)).sort();
  let scale = 1.4826 * median(deviations);
  if (!(scale > 0)) {
    let s = 0;
    for (const d of deviations) s += d;
    scale = (1.2533 * s) / deviations.length;
  }
  return scale > 0 ? med + k * scale : Infinity;
}

/** A capped copy of x; the cap is learnt from x[from..end) only (pass the training part). */
export function capOutliers(x: ArrayLike<number>, k = 5, from = 0, end = x.length): CapResult {
  const cap = outlierCap(x, k, from, end);
  const series = Float64Array.from(x as ArrayLike<number>);
  let cappedDays = 0;
  for (let i = 0; i < series.length; i++) {
    if (series[i] > cap) {
      series[i] = cap;
      cappedDays++;
    }
  }
  return { series, cap, cappedDays };
}

// Methods for intermittent demand, each giving one flat per-period rate:
// - Croston (1972) as R's forecast::croston: SES (initialised at the first value) on the non-zero
//   sizes and on the intervals between them; forecast = size / interval.
// - SBA (Syntetos & Boylan 2005): Croston × (1 − α/2), removing Croston's upward bias.
// - TSB (Teunter, Syntetos & Babai 2011): smooths the probability of a demand every period
//   (so an item that stops selling decays) and the size on demand periods; forecast = p × z.
import type { Series } from './accuracyMetrics';

export function croston(x: Series, alpha = 0.1, from = 0, end = x.length): number {
  let size = NaN;
  let interval = NaN;
  let sinceLast = 0;
  for (let i = from; i < end; i++) {
    sinceLast++;
    const y = x[i];
    if (y > 0) {
      if (Number.isNaN(size)) {
        size = y;
        interval = sinceLast;
      } else {
        size += alpha * (y - size);
        interval += alpha * (sinceLast - interval);
      }
      sinceLast = 0;
    }
  }
  return Number.isNaN(size) ? 0 : size / interval;
}

export function sba(x: Series, alpha = 0.1, from = 0, end = x.length): number {
  return (1 - alpha / 2) * croston(x, alpha, from, end);
}

export function tsb(x: Series, alpha = 0.1, beta = 0.1, from = 0, end = x.length): number {
  let n = 0;
  let nonZero = 0;
  let total = 0;
  for (let i = from; i < end; i++) {
    if (x[i] > 0) {
      nonZero++;
      total += x[i];
    }
    n++;
  }
  if (nonZero === 0) return 0;
  // start from whole-sample estimates, then let the smoothing follow the recent past
  let p = nonZero / n;
  let z = total / nonZero;
  for (let i = from; i < end; i++) {
    const y = x[i];
    if (y > 0) {
      p += beta * (1 - p);
      z += alpha * (y - z);
    } else p -= beta * p;
  }
  return p * z;
}

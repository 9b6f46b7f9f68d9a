/** Summary statistics of the suite: medians over repeats, with their spread. */
export interface Spread { median: number; min: number; max: number }

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function spread(xs: readonly number[], digits = 1): Spread {
  const r = (x: number) => round(x, digits);
  return { median: r(median(xs)), min: r(Math.min(...xs)), max: r(Math.max(...xs)) };
}

/**
 * a / b repeat by repeat (a[i] / b[i], the two measured one after the other in repeat i), spread:
 * a drift of the machine over the run moves both sides of each ratio alike, where it moves the
 * ratio of two medians taken over the whole run. Null without a complete pair.
 */
export function pairedRatios(a: readonly number[], b: readonly number[], digits = 2): Spread | null {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) if (b[i]! > 0) ratios.push(a[i]! / b[i]!);
  return ratios.length ? spread(ratios, digits) : null;
}

/** Nearest-rank percentile (p in 0–100) of raw samples. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** a / b, rounded; null when either side is missing */
export function ratio(a: number | undefined, b: number | undefined, digits = 2): number | null {
  return a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? null : round(a / b, digits);
}

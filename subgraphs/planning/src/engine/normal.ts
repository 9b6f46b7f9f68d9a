// The standard normal distribution, written here so that safety-stock and interval maths do not
// depend on a statistics package. The CDF is Hart's double-precision rational approximation
// (algorithm 5666, as given by West 2005, "Better approximations to cumulative normal
// functions"), accurate to about 1e-15 absolute; the inverse starts from Acklam's approximation
// and takes one Halley step against that CDF, which brings it to full double precision.

const SQRT_2PI = 2.5066282746310002;

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / SQRT_2PI;
}

/** Upper tail 1 − Φ(|z|) for z ≥ 0, computed directly so that it keeps its relative precision. */
function upperTail(x: number): number {
  const e = Math.exp(-0.5 * x * x);
  if (x < 7.07106781186547) {
    let num = 3.52624965998911e-2 * x + 0.700383064443688;
    num = num * x + 6.37396220353165;
    num = num * x + 33.912866078383;
    num = num * x + 112.079291497871;
    num = num * x + 221.213596169931;
    num = num * x + 220.206867912376;
    let den = 8.83883476483184e-2 * x + 1.75566716318264;
    den = den * x + 16.064177579207;
    den = den * x + 86.7807322029461;
    den = den * x + 296.564248779674;
    den = den * x + 637.333633378831;
    den = den * x + 793.826512519948;
    den = den * x + 440.413735824752;
    return (e * num) / den;
  }
  let b = x + 0.65;
  b = x + 4 / b;
  b = x + 3 / b;
  b = x + 2 / b;
  b = x + 1 / b;
  return e / b / SQRT_2PI;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const t = upperTail(Math.abs(z));
  return z > 0 ? 1 - t : t;
}

/** 1 − Φ(z), precise in the upper tail. */
export function normalSurvival(z: number): number {
  return normalCdf(-z);
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/** Inverse standard normal CDF Φ⁻¹(p), p in (0, 1); ±Infinity at 0 and 1. */
export function normalInv(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Refine in the tail whose probability is small, where the CDF keeps relative precision.
  if (p > 0.5) return -normalInv(1 - p);
  let x = acklam(p);
  // Two Halley steps: one suffices in the body, the far tail (p < 1e-20) needs the second.
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    x = x - u / (1 + 0.5 * x * u);
  }
  return x;
}

/** Standard normal first-order loss G(k) = E[(Z − k)⁺] = φ(k) − k·(1 − Φ(k)). */
export function normalLoss(k: number): number {
  return normalPdf(k) - k * normalSurvival(k);
}

/** Standard normal second-order loss G₂(k) = ½·[(k² + 1)(1 − Φ(k)) − k·φ(k)] = E[((Z − k)⁺)²]/2. */
export function normalLoss2(k: number): number {
  return 0.5 * ((k * k + 1) * normalSurvival(k) - k * normalPdf(k));
}

/** Solves G(k) = target for k (G is decreasing); used by the fill-rate safety-stock form. */
export function inverseNormalLoss(target: number): number {
  if (!(target > 0)) return Infinity;
  // G(k) → −k for k → −∞, so the root is bracketed by [min(−target, −10), 40].
  let lo = Math.min(-target, -10) - 1;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (normalLoss(mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

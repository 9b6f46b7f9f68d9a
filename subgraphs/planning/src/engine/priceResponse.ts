// A constant-elasticity price response fitted on observed (price, units) pairs: log(1 + units)
// = item effect + period effect + ε·log(price). Item effects absorb each item's level (and
// price tier), period effects the season and the shop's traffic, so ε is learnt from price
// changes within an item, against how all items sold that period. Fitted by least squares with
// the two fixed effects swept out by alternating projections.

export interface PriceObservation {
  item: string;
  period: number;
  price: number;
  units: number;
}

export interface PriceResponseFit {
  elasticity: number;
  itemEffect: Map<string, number>;
  periodEffect: Map<number, number>;
  observations: number;
  items: number;
}

export function fitPriceResponse(obs: readonly PriceObservation[], opts: { withPrice?: boolean; sweeps?: number } = {}): PriceResponseFit {
  const rows = obs.filter((o) => o.price > 0 && o.units >= 0 && Number.isFinite(o.price) && Number.isFinite(o.units));
  const y = Float64Array.from(rows, (o) => Math.log1p(o.units));
  const x = Float64Array.from(rows, (o) => Math.log(o.price));
  const items = [...new Set(rows.map((o) => o.item))];
  const periods = [...new Set(rows.map((o) => o.period))];
  const itemIdx = Int32Array.from(rows, ((m) => (o: PriceObservation) => m.get(o.item)!)(new Map(items.map((v, i) => [v, i]))));
  const periodIdx = Int32Array.from(rows, ((m) => (o: PriceObservation) => m.get(o.period)!)(new Map(periods.map((v, i) => [v, i]))));
  // sweep both fixed effects out of y and x (Frisch–Waugh), then ε = Σ x̃ỹ / Σ x̃²
  const demean = (v: Float64Array) => {
    const r = Float64Array.from(v);
    for (let s = 0; s < (opts.sweeps ?? 30); s++) {
      for (const [idx, k] of [[itemIdx, items.length], [periodIdx, periods.length]] as const) {
        const sum = new Float64Array(k);
        const cnt = new Float64Array(k);
        for (let i = 0; i < r.length; i++) { sum[idx[i]] += r[i]; cnt[idx[i]]++; }
        for (let i = 0; i < r.length; i++) r[i] -= sum[idx[i]] / cnt[idx[i]];
      }
    }
    return r;
  };
  let elasticity = 0;
  if (opts.withPrice !== false) {
    const yt = demean(y);
    const xt = demean(x);
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < yt.length; i++) { sxy += xt[i] * yt[i]; sxx += xt[i] * xt[i]; }
    elasticity = sxx > 0 ? sxy / sxx : 0;
  }
  // the effects given ε: alternate item and period means of the residual
  const resid = Float64Array.from(y, (v, i) => v - elasticity * x[i]);
  const a = new Float64Array(items.length);
  const b = new Float64Array(periods.length);
  for (let s = 0; s < (opts.sweeps ?? 30); s++) {
    const sa = new Float64Array(items.length), ca = new Float64Array(items.length);
    for (let i = 0; i < resid.length; i++) { sa[itemIdx[i]] += resid[i] - b[periodIdx[i]]; ca[itemIdx[i]]++; }
    for (let k = 0; k < a.length; k++) a[k] = sa[k] / ca[k];
    const sb = new Float64Array(periods.length), cb = new Float64Array(periods.length);
    for (let i = 0; i < resid.length; i++) { sb[periodIdx[i]] += resid[i] - a[itemIdx[i]]; cb[periodIdx[i]]++; }
    for (let k = 0; k < b.length; k++) b[k] = sb[k] / cb[k];
  }
  return {
    elasticity,
    itemEffect: new Map(items.map((v, i) => [v, a[i]])),
    periodEffect: new Map(periods.map((v, i) => [v, b[i]])),
    observations: rows.length,
    items: items.length,
  };
}

/** Units predicted for an item at a price in a period whose effect is `periodEffect`. */
export function predictUnits(fit: PriceResponseFit, item: string, price: number, periodEffect: number): number {
  const a = fit.itemEffect.get(item);
  if (a === undefined || !(price > 0)) return NaN;
  return Math.max(0, Math.expm1(a + periodEffect + fit.elasticity * Math.log(price)));
}

/** Demand multiplier of a markdown m (0..1) under constant elasticity ε: (1 − m)^ε. */
export function markdownLift(markdown: number, elasticity: number): number {
  return Math.pow(1 - markdown, elasticity);
}

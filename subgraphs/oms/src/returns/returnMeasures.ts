import { CHANNELS, type Channel } from '@stockgraph/shared';
import { statusTime, type RmaRecord } from './rma';
import { DISPOSITIONS, roundMoney, type Disposition } from './returnTypes';

export interface ReturnMeasuresInput {
  rmas: readonly RmaRecord[];
  /** units sold in the period, by channel (from POS sales and OMS orders) */
  soldUnitsByChannel: Partial<Record<Channel, number>>;
  /** [from, to) in ms since epoch */
  period: { from: number; to: number };
}

export interface ChannelReturnRate {
  channel: Channel;
  soldUnits: number;
  returnedUnits: number;
  /** returned ÷ sold; null when nothing was sold */
  returnRate: number | null;
}

export interface DispositionYield {
  disposition: Disposition;
  units: number;
  originalValue: number;
  recoveredValue: number;
  /** recovered ÷ original; null when the original value is 0 */
  yield: number | null;
}

export interface ReturnMeasures {
  period: { from: number; to: number };
  /** RMAs received in the period */
  returns: number;
  returnedUnits: number;
  returnRateByChannel: ChannelReturnRate[];
  /** processing cost ÷ disposed RMAs; null when none is disposed */
  costPerReturn: number | null;
  dispositionYield: number | null;
  yieldByDisposition: DispositionYield[];
  receiptToDispositionHours: { count: number; mean: number | null; p50: number | null };
}

const HOUR_MS = 3_600_000;

/**
 * Percentile by linear interpolation between closest ranks (numpy's default, R type 7), so p50
 * is the usual median. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be 0–100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = ((sorted.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const isDisposed = (r: RmaRecord) => statusTime(r, 'DISPOSED') !== null;

/**
 * Measures over the RMAs received in the period (receipt is when units are back in our hands;
 * RMAs never received count for nothing). Yield and cost use the disposed ones among them:
 * recovered value is the realised recovery where recorded, else the expected one, both net of
 * processing costs; original value is what the units sold for.
 */
export function returnMeasures(input: ReturnMeasuresInput): ReturnMeasures {
  const { from, to } = input.period;
  const received = input.rmas.filter((r) => {
    const at = statusTime(r, 'RECEIVED');
    return at !== null && at >= from && at < to;
  });
  const units = (r: RmaRecord) => r.lines.reduce((a, l) => a + l.quantity, 0);

  const returnedByChannel = new Map<Channel, number>();
  for (const r of received) returnedByChannel.set(r.channel, (returnedByChannel.get(r.channel) ?? 0) + units(r));
  const returnRateByChannel = CHANNELS.map((channel) => {
    const soldUnits = input.soldUnitsByChannel[channel] ?? 0;
    const returnedUnits = returnedByChannel.get(channel) ?? 0;
    return { channel, soldUnits, returnedUnits, returnRate: soldUnits > 0 ? returnedUnits / soldUnits : null };
  });

  const disposed = received.filter(isDisposed);
  const cost = disposed.reduce((a, r) => a + r.lines.reduce((b, l) => b + (l.processingCost ?? 0), 0), 0);

  const byDisposition = new Map<Disposition, { units: number; original: number; recovered: number }>();
  for (const line of disposed.flatMap((r) => r.lines)) {
    if (!line.disposition) continue;
    const acc = byDisposition.get(line.disposition) ?? { units: 0, original: 0, recovered: 0 };
    acc.units += line.quantity;
    acc.original += line.originalValue;
    acc.recovered += line.recoveredValue ?? line.expectedRecovery ?? 0;
    byDisposition.set(line.disposition, acc);
  }
  const yieldByDisposition = DISPOSITIONS.filter((d) => byDisposition.has(d)).map((disposition) => {
    const a = byDisposition.get(disposition) as { units: number; original: number; recovered: number };
    return {
      disposition,
      units: a.units,
      originalValue: roundMoney(a.original),
      recoveredValue: roundMoney(a.recovered),
      yield: a.original > 0 ? a.recovered / a.original : null,
    };
  });
  const original = sum([...byDisposition.values()].map((a) => a.original));
  const recovered = sum([...byDisposition.values()].map((a) => a.recovered));

  const hours = disposed.map((r) => ((statusTime(r, 'DISPOSED') as number) - (statusTime(r, 'RECEIVED') as number)) / HOUR_MS);

  return {
    period: { from, to },
    returns: received.length,
    returnedUnits: sum(received.map(units)),
    returnRateByChannel,
    costPerReturn: disposed.length ? roundMoney(cost / disposed.length) : null,
    dispositionYield: original > 0 ? recovered / original : null,
    yieldByDisposition,
    receiptToDispositionHours: { count: hours.length, mean: hours.length ? sum(hours) / hours.length : null, p50: percentile(hours, 50) },
  };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

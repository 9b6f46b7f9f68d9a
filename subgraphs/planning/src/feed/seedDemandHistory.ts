import type { Position } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import { mulberry32, syntheticSeries } from '../engine/testing/syntheticDemand';
import { toEpochDay } from '../history/calendarDay';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';
import type { ChannelDemandLog } from './ChannelDemandLog';

/** the seeded stock covers about this many days of seeded demand */
const DAYS_OF_COVER = 60;

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Demo only: a year (or `days`) of seeded synthetic daily demand for every stocked position,
 * ending yesterday (UTC), so forecasts have something to learn from in a freshly started stack.
 * The rate follows the stock (on hand / 60 days of cover); stores sell RETAIL, DCs DTC. The same
 * seed and positions give the same history. Returns the number of series seeded.
 */
export function seedDemandHistory(
  registry: Registry, positions: readonly Position[], history: DemandHistoryStore, seed: number, days = 365,
  opts: { log?: ChannelDemandLog; today?: number } = {},
): number {
  const today = opts.today ?? toEpochDay(new Date().toISOString().slice(0, 10));
  const span = Math.min(days, history.capacityDays);
  const first = today - span;
  let seeded = 0;
  for (const p of positions) {
    if (p.onHand <= 0) continue;
    const rand = mulberry32((seed ^ hash(`${p.sku}@${p.locationId}`)) >>> 0);
    const series = syntheticSeries(rand, { days: span, rate: Math.max(0.05, p.onHand / DAYS_OF_COVER) });
    const si = history.internSku(p.sku);
    const li = history.internLocation(p.locationId);
    const channel = registry.location(p.locationId)?.type === 'STORE' ? 'RETAIL' : 'DTC';
    for (let t = 0; t < span; t++) {
      if (series[t] === 0) continue;
      history.recordIndexed(si, li, first + t, series[t]);
      opts.log?.add(channel, first + t, series[t], p.locationId);
    }
    seeded++;
  }
  return seeded;
}

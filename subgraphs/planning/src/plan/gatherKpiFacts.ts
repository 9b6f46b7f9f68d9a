import type { Channel, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { InventoryKpiFacts } from '../engine/inventoryKpis';
import { pooledQuantileForecast, pooledWeekdayProfile } from '../engine/quantileForecast';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';
import type { ChannelDemandLog } from '../feed/ChannelDemandLog';

/** days held out when scoring the forecast */
export const ACCURACY_HOLDOUT_DAYS = 28;
/** series scored: the largest at the channel's locations */
export const ACCURACY_SERIES = 20;
/** at least this many selling days before the holdout, or the series is not scored */
const MIN_TRAINING_DAYS = 28;
const TRAINING_DAYS = 182;
const MS_PER_DAY = 86_400_000;

/** The `count` series (SKU × location) with the most net demand, among `locations` when given. */
export function largestSeries(history: DemandHistoryStore, count = 1, locations?: ReadonlySet<string>): number[] {
  const totals: Array<{ s: number; total: number }> = [];
  for (let s = 0; s < history.seriesCount; s++) {
    if (locations && !locations.has(history.keyOf(s).location)) continue;
    let total = 0;
    for (const v of history.seriesAt(s)) total += v;
    if (total > 0) totals.push({ s, total });
  }
  return totals.sort((a, b) => b.total - a.total || a.s - b.s).slice(0, count).map((t) => t.s);
}

/**
 * Facts for inventoryKpis over the days [fromDay, toDay] from what this process knows (README):
 * net units sold by channel from the demand log; units received from the ERP's purchase-order
 * receipts; on hand at the period's start and end, worked back from the ledger's figure now
 * through the sales and receipts since; forecast pairs from a holdout of the channel's largest
 * series ending at `toDay` (the pooled quantile forecast, the one the graph serves); shipments per
 * order from fulfilment events; ordered vs filled units of routed orders and PO lead times from
 * KPI events (null when none).
 */
export async function gatherKpiFacts(
  d: { registry: Registry; ledger: StockLedger; history: DemandHistoryStore; log: ChannelDemandLog },
  fromDay: number, toDay: number, today: number, channel: Channel | null,
): Promise<InventoryKpiFacts> {
  const unitsSold = d.log.unitsBetween(fromDay, toDay, channel);
  const skus = d.registry.skuIds();
  const positions = skus.length ? (await d.ledger.getPositionsForSkus(skus)).flat() : [];
  const onHandNow = positions.reduce((s, p) => s + p.onHand, 0);
  const received = (from: number, to: number) => d.log.unitsReceivedBetween(from * MS_PER_DAY, (to + 1) * MS_PER_DAY);
  // stock at the end of `day`: now, plus what sold since, less what was received since
  const onHandAfter = (day: number) => Math.max(0, onHandNow + d.log.unitsBetween(day + 1, today, null) - received(day + 1, today));
  const facts: InventoryKpiFacts = {
    unitsSold,
    openingUnits: positions.length ? onHandAfter(fromDay - 1) : 0,
    unitsReceived: received(fromDay, toDay),
    onHandSnapshots: positions.length ? [onHandAfter(fromDay - 1), onHandAfter(Math.min(toDay, today))] : [],
    forecastPairs: [],
    orderLines: d.log.fillsBetween(fromDay, toDay, channel),
    orderShipments: d.log.shipmentsPerOrder(fromDay, toDay, channel),
    replenishments: d.log.receiptsBetween(fromDay * MS_PER_DAY, (toDay + 1) * MS_PER_DAY),
  };
  facts.forecastPairs = forecastPairs(d, fromDay, Math.min(toDay, today), channel);
  return facts;
}

function forecastPairs(d: { history: DemandHistoryStore; log: ChannelDemandLog }, fromDay: number, end: number, channel: Channel | null): InventoryKpiFacts['forecastPairs'] {
  const holdout = Math.min(ACCURACY_HOLDOUT_DAYS, end - fromDay + 1);
  if (holdout <= 0) return [];
  const chosen = largestSeries(d.history, ACCURACY_SERIES, d.log.locationsOf(channel));
  const span = TRAINING_DAYS + holdout;
  const series = chosen.map((s) => d.history.seriesAt(s, end, span));
  const profile = pooledWeekdayProfile(series, TRAINING_DAYS, TRAINING_DAYS);
  const pairs: InventoryKpiFacts['forecastPairs'] = [];
  for (const x of series) {
    let trained = 0;
    for (let i = 0; i < TRAINING_DAYS; i++) if (x[i] !== 0) trained++;
    if (trained < MIN_TRAINING_DAYS) continue;
    const f = pooledQuantileForecast(x, TRAINING_DAYS, holdout, { profile, levels: [0.5] }).median;
    for (let h = 0; h < holdout; h++) pairs.push({ actual: x[TRAINING_DAYS + h], forecast: f[h] });
  }
  return pairs;
}

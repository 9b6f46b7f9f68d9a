import type { Channel, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import { forecastSeries } from '../engine/forecastSeries';
import type { InventoryKpiFacts } from '../engine/inventoryKpis';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';
import type { ChannelDemandLog } from '../feed/ChannelDemandLog';

/** days held out when scoring the forecast on the largest series */
export const ACCURACY_HOLDOUT_DAYS = 28;
/** at least this much history before the holdout, or no accuracy */
const MIN_TRAINING_DAYS = 28;

/** The series (SKU × location) with the most net demand in the store's window. */
export function largestSeries(history: DemandHistoryStore): number | null {
  let best: number | null = null;
  let bestTotal = 0;
  for (let s = 0; s < history.seriesCount; s++) {
    let total = 0;
    for (const v of history.seriesAt(s)) total += v;
    if (total > bestTotal) { bestTotal = total; best = s; }
  }
  return best;
}

/**
 * Facts for inventoryKpis over the days [fromDay, toDay] from what this process knows (README):
 * net units sold by channel from the demand log; on hand now from the ledger (the one snapshot
 * the ledger holds); opening units estimated as on hand now + units sold since `fromDay`
 * (receipts are not observed here, so unitsReceived is 0); forecast pairs from a holdout of the
 * largest series ending at `toDay`; shipments per order from fulfilment demand events; ordered vs
 * filled units of routed orders and received purchase orders from KPI events (null when none).
 */
export async function gatherKpiFacts(
  d: { registry: Registry; ledger: StockLedger; history: DemandHistoryStore; log: ChannelDemandLog },
  fromDay: number, toDay: number, today: number, channel: Channel | null,
): Promise<InventoryKpiFacts> {
  const unitsSold = d.log.unitsBetween(fromDay, toDay, channel);
  const skus = d.registry.skuIds();
  const positions = skus.length ? (await d.ledger.getPositionsForSkus(skus)).flat() : [];
  const onHandNow = positions.reduce((s, p) => s + p.onHand, 0);
  const soldSinceFrom = d.log.unitsBetween(fromDay, today, channel);
  const facts: InventoryKpiFacts = {
    unitsSold,
    openingUnits: positions.length ? Math.max(0, onHandNow + soldSinceFrom) : 0,
    unitsReceived: 0,
    onHandSnapshots: positions.length ? [onHandNow] : [],
    forecastPairs: [],
    orderLines: d.log.fillsBetween(fromDay, toDay, channel),
    orderShipments: d.log.shipmentsPerOrder(fromDay, toDay, channel),
    replenishments: d.log.receiptsBetween(fromDay * 86_400_000, (toDay + 1) * 86_400_000),
  };
  const s = largestSeries(d.history);
  const end = Math.min(toDay, today);
  const holdout = Math.min(ACCURACY_HOLDOUT_DAYS, end - fromDay + 1);
  if (s !== null && holdout > 0) {
    const train = d.history.seriesAt(s, end - holdout, Math.min(d.history.capacityDays, 365));
    const actual = d.history.seriesAt(s, end, holdout);
    let trained = 0;
    for (const v of train) if (v !== 0) trained++;
    if (trained >= MIN_TRAINING_DAYS) {
      const f = forecastSeries(train, holdout);
      facts.forecastPairs = Array.from(actual, (a, i) => ({ actual: a, forecast: f.points[i].quantity }));
    }
  }
  return facts;
}

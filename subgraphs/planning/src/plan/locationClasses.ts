// ABC classes of the SKUs at one location by demand value (units over the history window × the
// ERP price, 1 where unknown), cached per day and history size like the pooled profile.
import type { Registry } from '@stockgraph/shared/registry';
import { abcClasses, type Abc } from '../engine/inventoryClasses';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';

const WINDOW_DAYS = 182;
const cache = new WeakMap<DemandHistoryStore, Map<string, { key: string; classes: Map<string, Abc> }>>();

export function locationAbc(history: DemandHistoryStore, registry: Registry, locationId: string, today: number): Map<string, Abc> {
  let byLocation = cache.get(history);
  if (!byLocation) cache.set(history, (byLocation = new Map()));
  const key = `${today}|${history.seriesCount}`;
  const hit = byLocation.get(locationId);
  if (hit && hit.key === key) return hit.classes;
  const skus: string[] = [];
  const values: number[] = [];
  for (let s = 0; s < history.seriesCount; s++) {
    const k = history.keyOf(s);
    if (k.location !== locationId) continue;
    let units = 0;
    for (const v of history.seriesAt(s, today, WINDOW_DAYS)) units += v;
    skus.push(k.sku);
    values.push(units * (registry.sku(k.sku)?.price ?? 1));
  }
  const abc = abcClasses(values);
  const classes = new Map(skus.map((sku, i) => [sku, abc[i]]));
  byLocation.set(locationId, { key, classes });
  return classes;
}

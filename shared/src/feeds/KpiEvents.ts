import { randomUUID } from 'node:crypto';
import { CHANNELS, type Channel } from '../domain';
import type { KeyValueStore } from '../kv/KeyValueStore';
import { defineTopic, publishTo } from '../streams/topic';

/**
 * Facts for planning's KPIs that are not demand: how much of an order could be served when it was
 * routed (fill rate), and how long a purchase order took from order to receipt (replenishment lead
 * time). A durable stream like demand; each fact's source id is its order or PO, so a fact
 * published again (a routing retried by key, an ERP batch run twice) counts once.
 */
export const KPI_CHANNEL = 'kpi-facts';

export type KpiEvent =
  | { kind: 'fill'; date: string; channel: Channel; orderId: string; orderedUnits: number; filledUnits: number }
  | { kind: 'replenishment'; poNumber: string; locationId: string; orderedAt: number; receivedAt: number };

export async function publishKpi(kv: KeyValueStore, event: KpiEvent): Promise<void> {
  try {
    await publishTo(kv, KPI_TOPIC, event);
  } catch {
    // the order or the receipt stands; only a KPI loses a sample
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function parseKpiEvent(message: string): KpiEvent | null {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(message) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!e || typeof e !== 'object') return null;
  if (e.kind === 'fill' && typeof e.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.date) && CHANNELS.includes(e.channel as Channel)
    && typeof e.orderId === 'string' && finite(e.orderedUnits) && finite(e.filledUnits) && e.filledUnits <= e.orderedUnits) {
    return { kind: 'fill', date: e.date, channel: e.channel as Channel, orderId: e.orderId, orderedUnits: e.orderedUnits, filledUnits: e.filledUnits };
  }
  if (e.kind === 'replenishment' && typeof e.poNumber === 'string' && typeof e.locationId === 'string'
    && finite(e.orderedAt) && finite(e.receivedAt) && e.receivedAt >= e.orderedAt) {
    return { kind: 'replenishment', poNumber: e.poNumber, locationId: e.locationId, orderedAt: e.orderedAt, receivedAt: e.receivedAt };
  }
  return null;
}

export const KPI_TOPIC = defineTopic<KpiEvent>({
  stream: KPI_CHANNEL,
  parse: parseKpiEvent,
  sourceId: (e) => (e.kind === 'fill' ? (e.orderId === 'unrecorded' ? `fill:anon:${randomUUID()}` : `fill:${e.orderId}`) : `po:${e.poNumber}:${e.locationId}`),
});

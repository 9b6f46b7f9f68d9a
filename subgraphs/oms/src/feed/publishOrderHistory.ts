import type { KeyValueStore } from '@stockgraph/shared';
import { utcDate } from '@stockgraph/shared/feeds';
import { publishKpi } from '@stockgraph/shared/feeds';
import type { OmsClient } from '../legacy/OmsClient';

/**
 * Planning's fill-rate and split-rate facts for the orders the OMS had fulfilled before this
 * process started (orders routed through the graph report their own as they happen): per order,
 * units ordered and fulfilled on the day it was created, and the shipments it left in.
 */
export async function publishOrderHistory(client: OmsClient, kv: KeyValueStore): Promise<number> {
  const orders = await client.listOrders('FULFILLED');
  for (const o of orders) {
    const date = utcDate(o.createdAt);
    const orderedUnits = o.lines.reduce((s, l) => s + l.qty, 0);
    const filledUnits = Math.min(orderedUnits, o.lines.reduce((s, l) => s + l.fulfilledQty, 0));
    await publishKpi(kv, { kind: 'fill', date, channel: o.channel, orderId: o.orderId, orderedUnits, filledUnits });
    const shipmentIds = [...new Set(o.lines.filter((l) => l.fulfilledQty > 0).map((l) => l.shipmentRef ?? `${o.orderId}/${l.plant}`))];
    if (shipmentIds.length > 0) await publishKpi(kv, { kind: 'shipments', date, channel: o.channel, orderId: o.orderId, shipmentIds });
  }
  return orders.length;
}

import type { Channel } from '@stockgraph/shared';

/**
 * What the history store does not keep: demand by channel per day (the store nets every channel
 * into one series per SKU × location) and which shipments each order left in. Small by nature:
 * one number per channel × day, one set per shipped order in the window.
 */
export class ChannelDemandLog {
  private readonly units = new Map<Channel, Map<number, number>>();
  /** where each channel's demand has been recorded (forecast accuracy per channel) */
  private readonly locations = new Map<Channel, Set<string>>();

  /** locations where demand of the channel (or any channel) has been recorded */
  locationsOf(channel?: Channel | null): Set<string> {
    if (channel) return new Set(this.locations.get(channel) ?? []);
    return new Set([...this.locations.values()].flatMap((s) => [...s]));
  }
  private readonly shipments = new Map<string, { day: number; channel: Channel; ids: Set<string> }>();
  private readonly fills = new Map<string, { day: number; channel: Channel; orderedUnits: number; filledUnits: number }>();
  private readonly receipts = new Map<string, { orderedAt: number; receivedAt: number; units: number; locationId: string | null }>();

  /** an order as routed: units asked for and units the network could serve from stock */
  addFill(orderId: string, channel: Channel, day: number, orderedUnits: number, filledUnits: number): void {
    this.fills.set(orderId, { day, channel, orderedUnits, filledUnits });
  }

  /** a purchase order received (its lead time) */
  addReceipt(poNumber: string, orderedAt: number, receivedAt: number, units = 0, locationId: string | null = null): void {
    this.receipts.set(poNumber, { orderedAt, receivedAt, units, locationId });
  }

  /** units received by purchase orders in [from, to) (ms) */
  unitsReceivedBetween(fromMs: number, toMs: number): number {
    let total = 0;
    for (const r of this.receipts.values()) if (r.receivedAt >= fromMs && r.receivedAt < toMs) total += r.units;
    return total;
  }

  /** order lines routed in [fromDay, toDay], as ordered vs filled units */
  fillsBetween(fromDay: number, toDay: number, channel?: Channel | null): { orderedUnits: number; filledUnits: number }[] {
    return [...this.fills.values()].filter((f) => f.day >= fromDay && f.day <= toDay && (!channel || f.channel === channel))
      .map(({ orderedUnits, filledUnits }) => ({ orderedUnits, filledUnits }));
  }

  /** purchase orders received in [from, to) (ms) */
  receiptsBetween(fromMs: number, toMs: number): { orderedAt: number; receivedAt: number }[] {
    return [...this.receipts.values()].filter((r) => r.receivedAt >= fromMs && r.receivedAt < toMs).map(({ orderedAt, receivedAt }) => ({ orderedAt, receivedAt }));
  }

  add(channel: Channel, day: number, quantity: number, locationId?: string): void {
    if (locationId) {
      let at = this.locations.get(channel);
      if (!at) this.locations.set(channel, (at = new Set()));
      at.add(locationId);
    }
    let byDay = this.units.get(channel);
    if (!byDay) this.units.set(channel, (byDay = new Map()));
    byDay.set(day, (byDay.get(day) ?? 0) + quantity);
  }

  addShipment(orderId: string, shipmentId: string, channel: Channel, day: number): void {
    const o = this.shipments.get(orderId) ?? { day, channel, ids: new Set<string>() };
    o.day = Math.min(o.day, day);
    o.ids.add(shipmentId);
    this.shipments.set(orderId, o);
  }

  /** net units over [fromDay, toDay], one channel or all */
  unitsBetween(fromDay: number, toDay: number, channel?: Channel | null): number {
    let total = 0;
    for (const [c, byDay] of this.units) {
      if (channel && c !== channel) continue;
      for (const [day, q] of byDay) if (day >= fromDay && day <= toDay) total += q;
    }
    return total;
  }

  /** shipments per order first shipped in [fromDay, toDay] */
  shipmentsPerOrder(fromDay: number, toDay: number, channel?: Channel | null): number[] {
    const out: number[] = [];
    for (const o of this.shipments.values()) {
      if (o.day >= fromDay && o.day <= toDay && (!channel || o.channel === channel)) out.push(o.ids.size);
    }
    return out;
  }
}

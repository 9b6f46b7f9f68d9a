import type { ShipmentRecord } from '../orders/OrderStore';
import type { OmsContext } from '../context';
import type { OrderRecord } from '../orders/OrderStore';

export const Shipment = {
  location: (s: ShipmentRecord) => ({ id: s.locationId }),
  lines: (s: ShipmentRecord) =>
    s.lines.map((l) => ({ sku: { id: l.sku }, quantity: l.quantity - (l.cancelled ?? 0), backorder: l.backorder, fulfilled: l.fulfilled ?? 0, cancelled: l.cancelled ?? 0 })),
};

export const Order = {
  shipments: async (o: OrderRecord, _: unknown, ctx: OmsContext) =>
    (await ctx.orders.shipments(o.shipmentIds)).filter((s) => s !== null),
};

import type { Logger, StockLedger } from '@stockgraph/shared';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import type { Registry } from '@stockgraph/shared/registry';
import { orderState, type OmsClient, type OmsOrderState } from '../legacy/OmsClient';
import { planRoute, type RoutingConfig } from '../routing';
import { buildRoutingRequest } from './buildRoutingRequest';
import type { OrderSettler } from './OrderSettler';
import type { OrderStore, ShipmentRecord } from './OrderStore';

/** OMS line numbers of lines placed again sit this far above the line they came from (an order has at most 200). */
const REPLACED_LINE_OFFSET = 200;

/**
 * Units a location could not pick are placed again: at the cheapest other location that has them
 * all for the order's channel (a new shipment with its own hold), or else as a backorder at the
 * same location. In the OMS the units move from the line to a new line (one idempotent write), so
 * the order keeps every unit the customer asked for.
 */
export class ShortPickRouter {
  constructor(private readonly d: {
    ledger: StockLedger; registry: Registry; orders: OrderStore; oms: OmsClient; policies: ChannelPolicies; routing: RoutingConfig;
    settler: OrderSettler; logger: Logger; now?: () => number;
  }) {}

  async placeAgain(s: ShipmentRecord, lineNo: number, units: number): Promise<OmsOrderState | null> {
    const order = await this.d.orders.order(s.orderId);
    const line = s.lines.find((l) => l.omsLineNo === lineNo);
    if (!order || !line || units <= 0) return null;
    const now = (this.d.now ?? Date.now)();
    const policy = this.d.policies[order.channel];
    const request = await buildRoutingRequest(
      { channel: order.channel, destination: order.destination, pickupLocationId: order.pickupLocationId, lines: [{ sku: line.sku, quantity: units }] },
      { ledger: this.d.ledger, registry: this.d.registry, orders: this.d.orders, policy, backorder: false }, now,
    );
    const elsewhere = { ...request, stock: request.stock.filter((r) => r.locationId !== s.locationId), candidates: request.candidates.filter((c) => c.id !== s.locationId) };
    const plan = elsewhere.candidates.length ? planRoute(elsewhere, this.d.routing) : null;
    const one = plan?.shipments.length === 1 && plan.unassigned.length === 0 && plan.shipments[0]!.lines.every((l) => !l.backorder) ? plan.shipments[0]! : null;
    const again: ShipmentRecord = {
      id: `${s.id}-R${lineNo}`, orderId: s.orderId, status: 'PLANNED', locationId: one?.locationId ?? s.locationId, method: one?.method ?? s.method,
      transferTo: one ? (one.transferTo ?? null) : s.transferTo, distanceKm: one?.distanceKm ?? s.distanceKm, cost: one?.cost ?? 0,
      promisedBy: one?.promisedBy ?? null, reason: one ? `short pick at ${s.locationId}: ${one.why}` : `short pick at ${s.locationId}: backordered`,
      readyAt: null, fulfilledAt: null, collectBy: null,
      lines: [{ sku: line.sku, quantity: units, backorder: !one, reservationId: null, omsLineNo: lineNo + REPLACED_LINE_OFFSET }],
    };
    const written = await this.d.oms.reallocate(s.orderId, {
      fromLineNo: lineNo, qty: units, lineNo: lineNo + REPLACED_LINE_OFFSET, plant: again.locationId, method: again.method, shipmentRef: again.id,
    }, `realloc:${s.id}:${lineNo}`);
    if (!written.ok) {
      // the units stay open on their line (and held): nothing is lost, the shipment stays open
      this.d.logger.warn({ shipment: s.id, line: lineNo, refusal: written.detail }, 'the OMS refused to place a short pick again');
      return null;
    }
    const state = orderState(written.value);
    await this.d.settler.settle(s.orderId, state, { addShipments: [again] });
    this.d.logger.info({ shipment: s.id, units, to: again.locationId, backorder: !one }, 'short pick placed again');
    return state;
  }
}

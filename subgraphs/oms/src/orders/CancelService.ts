import { randomUUID } from 'node:crypto';
import { userError, type UserError } from '@stockgraph/shared';
import { clientKey, fingerprint, type IdempotencyStore } from '@stockgraph/shared/idempotency';
import { idempotencyKeyError, KEY_PATTERN } from '@stockgraph/shared/validation';
import { orderState, type OmsClient } from '../legacy/OmsClient';
import { omsRefusal } from '../legacy/omsRefusals';
import { runOnce } from './runOnce';
import type { OrderSettler } from './OrderSettler';
import { openUnits, type OrderRecord, type OrderStore, type ShipmentRecord } from './OrderStore';

export interface CancelOrderInput {
  orderId: string;
  lines?: { sku: string; quantity: number }[] | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}
export interface CancelPayload { order: OrderRecord | null; userErrors: UserError[] }

const refused = (e: UserError): CancelPayload => ({ order: null, userErrors: [e] });

/**
 * cancelOrder: some units, or everything not yet shipped. Written to the OMS (the system of
 * record) first, then settled at once: the cancelled units' holds go back before the answer.
 * Idempotent by key (per client); a shipped unit cannot be cancelled.
 */
export class CancelService {
  constructor(private readonly d: { orders: OrderStore; oms: OmsClient; idempotency: IdempotencyStore; settler: OrderSettler }) {}

  async cancel(input: CancelOrderInput, clientId: string | null): Promise<CancelPayload> {
    const keyError = idempotencyKeyError(input.idempotencyKey);
    if (keyError) return refused(keyError);
    if (input.reason != null && input.reason.length > 200) return refused(userError('INVALID_INPUT', 'reason: at most 200 characters', ['reason']));
    const order = KEY_PATTERN.test(input.orderId) ? await this.d.orders.findOrder(input.orderId, clientId) : null;
    if (!order) return refused(userError('UNKNOWN_ORDER', 'No order with this number or reference', ['orderId']));
    const key = input.idempotencyKey ? clientKey(clientId, input.idempotencyKey) : null;
    const fp = fingerprint({ ...input, orderId: order.id, idempotencyKey: undefined });
    return runOnce(this.d.idempotency, 'cancelOrder', key, fp, {
      what: 'cancellation',
      run: () => this.run(order, input, key),
      keep: (out) => (out.order && out.userErrors.length === 0 ? { orderId: out.order.id } : null),
      replay: async (r: { orderId: string }) => ({ order: await this.d.orders.order(r.orderId), userErrors: [] }),
      refuse: refused,
    });
  }

  private async run(order: OrderRecord, input: CancelOrderInput, key: string | null): Promise<CancelPayload> {
    const shipments = (await this.d.orders.shipments(order.shipmentIds)).filter((s): s is ShipmentRecord => s !== null);
    const lines = input.lines ? linesToCancel(shipments, input.lines) : everythingOpen(shipments);
    // nothing open and nothing shipped: cancelled already (by a change that settled since `order` was read)
    if (!Array.isArray(lines)) return lines.cancelled ? { order: (await this.d.orders.order(order.id)) ?? order, userErrors: [] } : refused(lines.error!);
    // without a key each call is a cancellation of its own; with one, a retry is the same write
    const written = await this.d.oms.cancelOrder(order.id, key ? `cancel:${key}` : `cancel:${order.id}:${randomUUID()}`, { lines, reason: input.reason ?? null });
    if (!written.ok) return refused(omsRefusal(written, 'cancellation', ['orderId']));
    const settled = await this.d.settler.settle(order.id, orderState(written.value));
    return { order: settled?.order ?? order, userErrors: [] };
  }
}

type Plan = { lineNo: number; qty: number }[] | { cancelled?: true; error?: UserError };

/**
 * Nothing open: cancelling a cancelled order again is a no-op; one with a shipped unit cannot be
 * cancelled. Told apart by the lines, read after the order: the order's status may be older than
 * them (a concurrent change settled in between; on a Cluster the order and its shipments are keys
 * of different nodes).
 */
function everythingOpen(shipments: ShipmentRecord[]): Plan {
  const lines = shipments.flatMap((s) => s.lines.filter((l) => openUnits(l) > 0).map((l) => ({ lineNo: l.omsLineNo, qty: openUnits(l) })));
  if (lines.length > 0) return lines;
  if (!shipments.some((s) => s.lines.some((l) => (l.fulfilled ?? 0) > 0))) return { cancelled: true };
  return { error: userError('ALREADY_FULFILLED', 'Every unit of the order has shipped: nothing is left to cancel', ['orderId']) };
}

/** Each SKU's units fill its open lines in line order; shipped units cannot be cancelled. */
function linesToCancel(shipments: ShipmentRecord[], wanted: { sku: string; quantity: number }[]): Plan {
  const all = shipments.flatMap((s) => s.lines);
  const left = new Map(all.map((l) => [l.omsLineNo, openUnits(l)]));
  const out = new Map<number, number>();
  for (const [i, w] of wanted.entries()) {
    if (!Number.isInteger(w.quantity) || w.quantity < 1 || w.quantity > 10_000) return { error: userError('INVALID_QUANTITY', 'Quantity must be a whole number from 1 to 10000', ['lines', i, 'quantity']) };
    const mine = all.filter((l) => l.sku === w.sku).sort((a, b) => a.omsLineNo - b.omsLineNo);
    if (mine.length === 0) return { error: userError('UNKNOWN_SKU', 'The order has no line of this SKU', ['lines', i, 'sku']) };
    const open = mine.reduce((n, l) => n + left.get(l.omsLineNo)!, 0);
    if (w.quantity > open) {
      const shipped = mine.some((l) => (l.fulfilled ?? 0) > 0);
      return {
        error: shipped
          ? userError('ALREADY_FULFILLED', `Only ${open} of ${w.sku} are not yet shipped: a shipped unit cannot be cancelled`, ['lines', i, 'quantity'])
          : userError('OVER_CANCEL', `Only ${open} of ${w.sku} are open to cancel`, ['lines', i, 'quantity']),
      };
    }
    let need = w.quantity;
    for (const l of mine) {
      const q = Math.min(need, left.get(l.omsLineNo)!);
      if (q === 0) continue;
      left.set(l.omsLineNo, left.get(l.omsLineNo)! - q);
      out.set(l.omsLineNo, (out.get(l.omsLineNo) ?? 0) + q);
      need -= q;
    }
  }
  return [...out].map(([lineNo, qty]) => ({ lineNo, qty }));
}

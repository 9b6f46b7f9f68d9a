import { CHANNELS, ErrorCode, userError, type Channel, type UserError } from '@stockgraph/shared';
import { ITEM_CONDITIONS, type ItemCondition } from './returnTypes';

/** An order line as the OMS knows it, SKU already translated to the global id. */
export interface OrderLineSnapshot {
  lineNo: number;
  sku: string;
  orderedQty: number;
  /** shipped, or collected for a pickup */
  fulfilledQty: number;
  /** returned on earlier RMAs */
  returnedQty: number;
}

export interface OrderSnapshot {
  orderId: string;
  channel: Channel;
  lines: readonly OrderLineSnapshot[];
}

export interface ReturnLineRequest { sku: string; quantity: number; condition: ItemCondition }

/** CreateReturnInput without the idempotency key. */
export interface ReturnRequest {
  orderId: string;
  channel: Channel;
  returnLocationId: string;
  lines: readonly ReturnLineRequest[];
}

export interface ReturnLookups {
  /** the order, or null when the OMS does not know it */
  order: OrderSnapshot | null;
  isKnownLocation(locationId: string): boolean;
  /** catalogue check; without it, a SKU not on the order is reported as unknown to the order */
  isKnownSku?(sku: string): boolean;
}

/** Part (or all) of one requested line, charged to one order line. */
export interface ReturnAllocation {
  /** index into the request's lines */
  requestLine: number;
  orderLineNo: number;
  sku: string;
  quantity: number;
  condition: ItemCondition;
}

export type ReturnValidation =
  | { ok: true; allocations: ReturnAllocation[]; userErrors: [] }
  | { ok: false; userErrors: UserError[] };

const returnable = (l: OrderLineSnapshot) => Math.max(0, l.fulfilledQty - l.returnedQty);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Checks a return against the order and allocates it to order lines. Every problem is reported
 * at once, each with a path into the input; nothing is allocated unless all is well.
 * Lines of one SKU are summed: the error goes on the line that takes the total past what can be
 * returned. Allocation fills the SKU's order lines in lineNo order, so it is deterministic.
 */
export function validateReturn(request: ReturnRequest, lookups: ReturnLookups): ReturnValidation {
  const errors: UserError[] = [];
  const { order } = lookups;

  if (!order) errors.push(userError(ErrorCode.UNKNOWN_ORDER, `order ${request.orderId} is unknown`, ['orderId']));
  if (!CHANNELS.includes(request.channel)) {
    errors.push(userError(ErrorCode.INVALID_INPUT, `unknown channel ${String(request.channel)}`, ['channel']));
  } else if (order && order.channel !== request.channel) {
    // The channel feeds the return rate by channel; a wrong one would misstate it.
    errors.push(userError(ErrorCode.INVALID_INPUT, `order ${order.orderId} was bought on ${order.channel}, not ${request.channel}`, ['channel']));
  }
  if (!lookups.isKnownLocation(request.returnLocationId)) {
    errors.push(userError(ErrorCode.UNKNOWN_LOCATION, `location ${request.returnLocationId} is unknown`, ['returnLocationId']));
  }
  if (request.lines.length === 0) errors.push(userError(ErrorCode.INVALID_INPUT, 'a return needs at least one line', ['lines']));

  // Per-line checks first; only well-formed lines take part in the order checks.
  const usable: number[] = [];
  request.lines.forEach((line, i) => {
    let ok = true;
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      errors.push(userError(ErrorCode.INVALID_QUANTITY, `quantity must be a whole number above 0, got ${line.quantity}`, ['lines', i, 'quantity']));
      ok = false;
    }
    if (!ITEM_CONDITIONS.includes(line.condition)) {
      errors.push(userError(ErrorCode.INVALID_INPUT, `unknown condition ${String(line.condition)}`, ['lines', i, 'condition']));
      ok = false;
    }
    if (lookups.isKnownSku && !lookups.isKnownSku(line.sku)) {
      errors.push(userError(ErrorCode.UNKNOWN_SKU, `SKU ${line.sku} is unknown`, ['lines', i, 'sku']));
      ok = false;
    }
    if (ok) usable.push(i);
  });

  if (order) checkAgainstOrder(request, order, usable, errors);
  if (errors.length) return { ok: false, userErrors: errors };
  return { ok: true, allocations: allocate(request, order as OrderSnapshot), userErrors: [] };
}

function checkAgainstOrder(request: ReturnRequest, order: OrderSnapshot, usable: number[], errors: UserError[]): void {
  const asked = new Map<string, number>();
  for (const i of usable) {
    const line = request.lines[i];
    const field = ['lines', i, 'quantity'];
    const orderLines = order.lines.filter((l) => l.sku === line.sku);
    if (orderLines.length === 0) {
      errors.push(userError(ErrorCode.UNKNOWN_SKU, `SKU ${line.sku} is not on order ${order.orderId}`, ['lines', i, 'sku']));
      continue;
    }
    const before = asked.get(line.sku) ?? 0;
    const total = before + line.quantity;
    asked.set(line.sku, total);
    const ordered = sum(orderLines.map((l) => l.orderedQty));
    const fulfilled = sum(orderLines.map((l) => l.fulfilledQty));
    const returned = sum(orderLines.map((l) => l.returnedQty));
    const canReturn = sum(orderLines.map(returnable));
    // Report a SKU once: on the line that first takes it past the limit.
    if (before > canReturn) continue;
    const together = before > 0 ? ` (${total} with the earlier lines of this SKU)` : '';
    if (fulfilled === 0) {
      errors.push(userError(ErrorCode.NOT_SHIPPED, `SKU ${line.sku} of order ${order.orderId} has not shipped yet`, field));
    } else if (total > ordered - returned) {
      errors.push(userError(ErrorCode.OVER_RETURN, `return of ${line.quantity} ${line.sku}${together} exceeds what can be returned: ${canReturn} (${fulfilled} shipped, ${returned} already returned)`, field));
    } else if (total > canReturn) {
      errors.push(userError(ErrorCode.NOT_SHIPPED, `return of ${line.quantity} ${line.sku}${together}: only ${canReturn} shipped and not yet returned; ${ordered - fulfilled} not shipped`, field));
    }
  }
}

function allocate(request: ReturnRequest, order: OrderSnapshot): ReturnAllocation[] {
  const left = new Map(order.lines.map((l) => [l.lineNo, returnable(l)]));
  const bySku = (sku: string) => order.lines.filter((l) => l.sku === sku).sort((a, b) => a.lineNo - b.lineNo);
  const out: ReturnAllocation[] = [];
  request.lines.forEach((line, i) => {
    let need = line.quantity;
    for (const ol of bySku(line.sku)) {
      if (need === 0) break;
      const take = Math.min(need, left.get(ol.lineNo) ?? 0);
      if (take === 0) continue;
      left.set(ol.lineNo, (left.get(ol.lineNo) ?? 0) - take);
      out.push({ requestLine: i, orderLineNo: ol.lineNo, sku: line.sku, quantity: take, condition: line.condition });
      need -= take;
    }
  });
  return out;
}

import { defineTopic } from '../streams/topic';

/**
 * What the legacy OMS says happened to an order, as the OMS subgraph reads it from the OMS's event
 * feed: published on a durable stream for whichever service follows order status (each consuming
 * service has its own group; `consumeTopic(kv, OMS_STATUS_TOPIC, { group, handle })`). The source
 * id is the OMS's own event sequence number, so a feed page read twice is applied once.
 */
export type OmsStatusKind = 'ORDER_CREATED' | 'ORDER_CANCELLED' | 'FULFILMENT_CREATED' | 'RETURN_CREATED' | 'ORDER_REALLOCATED';

/** the OMS order's status after the event, when the OMS sends it */
export const OMS_ORDER_STATUSES = ['OPEN', 'PARTIALLY_FULFILLED', 'FULFILLED', 'CANCELLED', 'PARTIALLY_CANCELLED'] as const;
export type OmsOrderStatusFact = (typeof OMS_ORDER_STATUSES)[number];

export interface OmsStatusLine {
  lineNo: number;
  /** global SKU, null when the registry does not know the OMS's code */
  sku: string | null;
  /** where it shipped from or came back to, when the event says */
  locationId: string | null;
  qty: number;
}

export interface OmsStatusEvent {
  /** the OMS's event sequence number */
  seq: number;
  kind: OmsStatusKind;
  /** the OMS order number */
  orderId: string;
  at: number;
  lines: OmsStatusLine[];
  /** an RMA the event names (RETURN_CREATED) */
  rmaRef?: string;
  /** the order's status after the event, when the OMS sent it */
  status?: OmsOrderStatusFact;
}

export const OMS_STATUS_STREAM = 'oms-status';
const KINDS: readonly OmsStatusKind[] = ['ORDER_CREATED', 'ORDER_CANCELLED', 'FULFILMENT_CREATED', 'RETURN_CREATED', 'ORDER_REALLOCATED'];
const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const strOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

export function parseOmsStatus(body: string): OmsStatusEvent | null {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!e || typeof e !== 'object' || !whole(e.seq) || !KINDS.includes(e.kind as OmsStatusKind) || typeof e.orderId !== 'string' || !whole(e.at) || !Array.isArray(e.lines)) return null;
  const lines: OmsStatusLine[] = [];
  for (const l of e.lines as Record<string, unknown>[]) {
    if (!l || !whole(l.lineNo) || !strOrNull(l.sku) || !strOrNull(l.locationId) || !whole(l.qty)) return null;
    lines.push({ lineNo: l.lineNo, sku: l.sku, locationId: l.locationId, qty: l.qty });
  }
  const out: OmsStatusEvent = { seq: e.seq, kind: e.kind as OmsStatusKind, orderId: e.orderId, at: e.at, lines };
  if (typeof e.rmaRef === 'string') out.rmaRef = e.rmaRef;
  if (OMS_ORDER_STATUSES.includes(e.status as OmsOrderStatusFact)) out.status = e.status as OmsOrderStatusFact;
  return out;
}

export const OMS_STATUS_TOPIC = defineTopic<OmsStatusEvent>({
  stream: OMS_STATUS_STREAM,
  parse: parseOmsStatus,
  sourceId: (e) => `oms-event:${e.seq}`,
});

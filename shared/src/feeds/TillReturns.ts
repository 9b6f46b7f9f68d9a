import { defineTopic } from '../streams/topic';

/**
 * A return rung at a till that names an order, once the POS feed has counted it on hand. The OMS
 * subgraph's returns service consumes these (group 'oms') and joins each to the RMA model, so a
 * unit returned at the till and through the API counts once, whichever process runs which.
 */
export interface TillReturnEvent {
  txnId: string;
  lineNo: number;
  /** the order the till scanned (OMS number or the caller's own id) */
  orderRef: string;
  sku: string;
  locationId: string;
  qty: number;
  /** when it was rung, ms */
  at: number;
}

export const TILL_RETURNS_STREAM = 'till-returns';

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function parseTillReturn(body: string): TillReturnEvent | null {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!e || typeof e !== 'object') return null;
  if (!str(e.txnId) || !whole(e.lineNo) || !str(e.orderRef) || !str(e.sku) || !str(e.locationId) || !whole(e.qty) || e.qty === 0 || !whole(e.at)) return null;
  return { txnId: e.txnId, lineNo: e.lineNo, orderRef: e.orderRef, sku: e.sku, locationId: e.locationId, qty: e.qty, at: e.at };
}

export const TILL_RETURNS_TOPIC = defineTopic<TillReturnEvent>({
  stream: TILL_RETURNS_STREAM,
  parse: parseTillReturn,
  sourceId: (e) => `${e.txnId}:${e.lineNo}`,
});

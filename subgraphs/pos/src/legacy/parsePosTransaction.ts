import { createHmac, timingSafeEqual } from 'node:crypto';
import { LegacyError } from '@stockgraph/shared';
import { parseWire } from '@stockgraph/shared/http';
import { transaction } from './posWire';

export type PosTransactionType = 'SALE' | 'RETURN' | 'COUNT';

export interface PosTransactionLine {
  line: number;
  barcode: string | null;
  plu: string | null;
  /** eaches sold or returned (always positive), or the absolute figure counted for COUNT */
  qty: number;
  price: number | null;
}

export interface PosTransaction {
  txnId: string;
  storeNo: string;
  type: PosTransactionType;
  /** ms since epoch */
  at: number;
  lines: PosTransactionLine[];
  /** the web order a RETURN gives back, when the till knew it */
  orderRef: string | null;
  /** the count request id a COUNT answers */
  ref: string | null;
}

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Verifies and reads one webhook delivery from the POS. The HMAC is checked over the raw body
 * before anything is parsed, in constant time, so a forged or altered delivery is refused before
 * its content is trusted. Any failure is a LegacyError of kind 'format'.
 */
export function parsePosTransaction(body: string, signatureHeader: string | undefined, secret: string): PosTransaction {
  if (!secret) throw new Error('POS webhook secret is empty');
  if (!signatureHeader) throw new LegacyError('POS', 'format', 'POS webhook signature missing');
  const given = SIGNATURE.exec(signatureHeader.trim());
  const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
  if (!given || !timingSafeEqual(Buffer.from(given[1], 'hex'), expected)) {
    throw new LegacyError('POS', 'format', 'POS webhook signature invalid');
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new LegacyError('POS', 'format', 'POS webhook body is not JSON');
  }
  const t = parseWire('POS', 'webhook', transaction, json);
  // COUNT carries the request id at the top; tolerate a till that puts it on the line instead.
  const ref = t.ref ?? t.lines.find((l) => l.ref)?.ref ?? null;
  return {
    txnId: t.txn_id,
    storeNo: t.store_no,
    type: t.type,
    at: t.ts,
    lines: t.lines.map((l) => ({ line: l.line, barcode: l.barcode, plu: l.plu, qty: l.qty, price: l.price })),
    orderRef: t.order_ref,
    ref,
  };
}

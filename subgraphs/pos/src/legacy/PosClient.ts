/**
 * PosClient: the only code that speaks the legacy POS's dialect: CSV exports (stores, items, stock
 * per store), 4-digit store numbers, EAN-13 barcodes and PLUs, and JSON webhooks signed with an
 * HMAC (read with `parsePosTransaction`). Records leave here normalized: numbers as numbers, times
 * as ms since epoch, an empty PLU as null.
 *
 * Till operations (sales, returns) carry no idempotency key, so they are never retried: a retry
 * after a lost answer would ring the sale twice.
 */
import type { LegacyClientOptions } from '@stockgraph/shared/http';
import { LegacyClient } from '@stockgraph/shared/http';
import { formatFailure, parseWire } from '@stockgraph/shared/http';
import { itemRow, readCsv, STORE_NO, stockRow, storeRow, txnAnswer } from './posWire';

export { parsePosTransaction, type PosTransaction, type PosTransactionLine, type PosTransactionType } from './parsePosTransaction';

export interface PosStore {
  storeNo: string;
  name: string;
  /** ERP plant code = global location id */
  plant: string;
  lat: number;
  lng: number;
}

export interface PosItem {
  barcode: string | null;
  plu: string | null;
  description: string;
  price: number;
}

export interface PosStockLine {
  barcode: string | null;
  plu: string | null;
  /** eaches; may be negative when the till sold more than it knew of */
  onHand: number;
  at: number;
}

export interface PosSaleLine {
  barcode: string;
  qty: number;
}

export type PosClientOptions = LegacyClientOptions;

const SYSTEM = 'POS';
const CSV = 'text/csv';

export class PosClient extends LegacyClient {

  constructor(options: PosClientOptions) {
    super(SYSTEM, options);
  }

  async listStores(): Promise<PosStore[]> {
    const rows = await this.csv('stores', '/pos/stores', ['store_no', 'name', 'plant', 'lat', 'lng']);
    return rows.map((r, i) => {
      const s = parseWire(SYSTEM, 'stores', storeRow, r, `row ${i + 1}`);
      return { storeNo: s.store_no, name: s.name, plant: s.plant, lat: s.lat, lng: s.lng };
    });
  }

  async listItems(): Promise<PosItem[]> {
    const rows = await this.csv('items', '/pos/items', ['barcode', 'plu', 'description', 'price']);
    return rows.map((r, i) => parseWire(SYSTEM, 'items', itemRow, r, `row ${i + 1}`));
  }

  /** The till's own stock figures of one store. */
  async storeStock(storeNo: string): Promise<PosStockLine[]> {
    const rows = await this.csv('stock', `/pos/stores/${storePath(storeNo)}/stock.csv`, ['barcode', 'plu', 'on_hand', 'updated_at']);
    return rows.map((r, i) => {
      const s = parseWire(SYSTEM, 'stock', stockRow, r, `row ${i + 1}`);
      return { barcode: s.barcode, plu: s.plu, onHand: s.on_hand, at: s.updated_at };
    });
  }

  async ringSale(storeNo: string, lines: PosSaleLine[]): Promise<{ txnId: string }> {
    return this.till('sale', `/pos/stores/${storePath(storeNo)}/sales`, { lines: saleLines(lines) });
  }

  async ringReturn(storeNo: string, lines: PosSaleLine[], orderRef?: string): Promise<{ txnId: string }> {
    const body = orderRef === undefined ? { lines: saleLines(lines) } : { lines: saleLines(lines), order_ref: orderRef };
    return this.till('return', `/pos/stores/${storePath(storeNo)}/returns`, body);
  }

  /** Asks the store to count one item; the figure arrives later as a COUNT transaction with `ref`. */
  async requestCount(storeNo: string, barcode: string, ref: string): Promise<void> {
    await this.http.request({
      op: 'count',
      method: 'POST',
      path: `/pos/stores/${storePath(storeNo)}/counts`,
      body: JSON.stringify({ barcode, ref }),
    });
  }

  /**
   * Books a stock transfer at a store: OUT when the units leave, IN when they arrive, `otherPlant`
   * the location at the other end. The POS answers a repeat of the same transfer ref and direction
   * with the first transaction, so unlike a sale this may be retried.
   */
  async bookTransfer(storeNo: string, transfer: { ref: string; direction: 'OUT' | 'IN'; otherPlant: string; lines: PosSaleLine[] }): Promise<{ txnId: string }> {
    const body = { transfer_ref: transfer.ref, direction: transfer.direction, other_plant: transfer.otherPlant, lines: saleLines(transfer.lines) };
    return this.till('transfer', `/pos/stores/${storePath(storeNo)}/transfers`, body, `${transfer.ref}:${transfer.direction}:${storeNo}`);
  }

  /** Registers a receiver for pushed transactions, signed with `secret`. */
  async registerWebhook(url: string, secret: string): Promise<void> {
    await this.http.request({ op: 'register-webhook', method: 'POST', path: '/pos/webhooks', body: JSON.stringify({ url, secret }) });
  }

  async clearWebhooks(): Promise<void> {
    await this.http.request({ op: 'clear-webhooks', method: 'DELETE', path: '/pos/webhooks' });
  }

  private async csv(op: string, path: string, columns: readonly string[]): Promise<Record<string, string>[]> {
    const res = await this.http.request({ op, path, accept: CSV });
    return readCsv(op, res.text, columns);
  }

  private async till(op: string, path: string, body: object, idempotencyKey?: string): Promise<{ txnId: string }> {
    const res = await this.http.request({ op, method: 'POST', path, body: JSON.stringify(body), idempotencyKey });
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      return formatFailure(SYSTEM, op, 'answer is not JSON');
    }
    return { txnId: parseWire(SYSTEM, op, txnAnswer, json).txn_id };
  }
}

/** Store numbers go into the path, so only the documented 4 digits are let through. */
function storePath(storeNo: string): string {
  if (!STORE_NO.test(storeNo)) throw new RangeError('store number must be 4 digits');
  return storeNo;
}

function saleLines(lines: PosSaleLine[]): PosSaleLine[] {
  if (lines.length === 0) throw new RangeError('a till transaction needs at least one line');
  for (const l of lines) if (!Number.isSafeInteger(l.qty) || l.qty <= 0) throw new RangeError('quantity must be a positive integer');
  return lines.map((l) => ({ barcode: l.barcode, qty: l.qty }));
}

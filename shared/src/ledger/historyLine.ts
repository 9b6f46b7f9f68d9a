import type { StockQuantity } from '../domain';
import type { Movement, MovementRecord, PositionKey } from './StockLedger';

type StoredLine = Omit<Movement, 'sku' | 'locationId'> & { quantity?: StockQuantity; after?: number; actor?: string };

/**
 * A stored history line: `seq|onHandAfter|recordedAt|movement JSON` (written by the Lua scripts).
 * seq grows by one per line of a position, which is what history cursors count in. Lines written
 * before the trail named its quantity are on-hand lines by their source.
 */
export function parseHistoryLine(key: PositionKey, line: string): { seq: number; record: MovementRecord } {
  const m = /^(\d+)\|(-?\d+)\|(\d+)\|([\s\S]*)$/.exec(line);
  if (!m) throw new Error(`corrupt history line for ${key.sku}@${key.locationId}`);
  const body = JSON.parse(m[4]!) as StoredLine;
  const onHandAfter = Number(m[2]);
  const record: MovementRecord = {
    sku: key.sku, locationId: key.locationId, ...body,
    quantity: body.quantity ?? 'ON_HAND', after: body.after ?? onHandAfter, actor: body.actor ?? body.source,
    recordedAt: Number(m[3]), onHandAfter,
  };
  if (record.setTo === undefined) delete record.setTo;
  return { seq: Number(m[1]), record };
}

/** A per-document trail line: `<location>|<history line>`. */
export function parseDocumentLine(sku: string, line: string): MovementRecord {
  const cut = line.indexOf('|');
  const { seq, record } = parseHistoryLine({ sku, locationId: line.slice(0, cut) }, line.slice(cut + 1));
  return { ...record, seq };
}

/**
 * A document's trail over SKUs: each SKU's lines come newest first already (its list, in the order
 * the SKU's scripts wrote them); across SKUs the ledger time decides.
 */
export function mergeDocumentTrails(perSku: readonly { sku: string; lines: readonly MovementRecord[] }[], size: number): MovementRecord[] {
  const ranked = perSku.flatMap(({ sku, lines }) => lines.map((record, rank) => ({ sku, rank, record })));
  ranked.sort((a, b) => b.record.recordedAt - a.record.recordedAt || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) || a.rank - b.rank);
  return ranked.slice(0, size).map((r) => r.record);
}

import type { Movement, MovementRecord, PositionKey } from './StockLedger';

/**
 * A stored history line: `seq|onHandAfter|recordedAt|movement JSON` (written by the Lua scripts).
 * seq grows by one per line of a position, which is what history cursors count in.
 */
export function parseHistoryLine(key: PositionKey, line: string): { seq: number; record: MovementRecord } {
  const m = /^(\d+)\|(-?\d+)\|(\d+)\|([\s\S]*)$/.exec(line);
  if (!m) throw new Error(`corrupt history line for ${key.sku}@${key.locationId}`);
  const body = JSON.parse(m[4]!) as Omit<Movement, 'sku' | 'locationId'>;
  return { seq: Number(m[1]), record: { sku: key.sku, locationId: key.locationId, ...body, recordedAt: Number(m[3]), onHandAfter: Number(m[2]) } };
}

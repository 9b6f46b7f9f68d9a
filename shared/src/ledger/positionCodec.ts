import type { Position } from '../domain';
import type { LedgerSource } from './StockLedger';

/**
 * A position is stored as one short string per location inside the SKU's hash, so 200 locations
 * of a SKU stay in one compact listpack:
 *   onHand|reserved|safetyStock|incoming|asOf|sourceCode|absoluteAt
 * absoluteAt is the source time of the last absolute figure (snapshot or count), which the stale
 * check compares against; it is not part of Position. The Lua scripts read and write the same format.
 */
export interface StoredPosition extends Position {
  absoluteAt: number;
}

const CODE: Record<LedgerSource, string> = { ERP: 'E', WMS: 'W', POS: 'P', OMS: 'O', LEDGER: 'L' };
const SOURCE: Record<string, LedgerSource> = { E: 'ERP', W: 'WMS', P: 'POS', O: 'OMS', L: 'LEDGER' };

export function sourceCode(source: LedgerSource): string {
  const code = CODE[source];
  if (!code) throw new RangeError(`unknown ledger source: ${String(source)}`);
  return code;
}

const PACKED = /^(-?\d+)\|(-?\d+)\|(-?\d+)\|(-?\d+)\|(\d+)\|([A-Z])\|(\d+)$/;

export function unpackPosition(sku: string, locationId: string, packed: string): StoredPosition {
  const m = PACKED.exec(packed);
  const source = m ? SOURCE[m[6]!] : undefined;
  if (!m || !source) throw new Error(`corrupt ledger position ${sku}@${locationId}: ${packed}`);
  return {
    sku,
    locationId,
    onHand: Number(m[1]),
    reserved: Number(m[2]),
    safetyStock: Number(m[3]),
    incoming: Number(m[4]),
    asOf: Number(m[5]),
    source,
    absoluteAt: Number(m[7]),
  };
}

export function packPosition(p: StoredPosition): string {
  return [p.onHand, p.reserved, p.safetyStock, p.incoming, p.asOf, sourceCode(p.source), p.absoluteAt].join('|');
}

export function publicPosition(p: StoredPosition): Position {
  const { absoluteAt: _absoluteAt, ...position } = p;
  return position;
}

export function emptyPosition(sku: string, locationId: string): StoredPosition {
  return { sku, locationId, onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, asOf: 0, source: 'LEDGER', absoluteAt: 0 };
}

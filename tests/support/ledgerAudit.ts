import type { Reservation } from '@stockgraph/shared';
import type { RedisClient } from '@stockgraph/shared/redis';
import { scanKeys } from '@stockgraph/shared/testing';

/*
 * Reads a Redis ledger's raw keys (layout in shared/src/ledger/keys.ts) to check what no API call
 * can show on its own: that every unit counted as reserved belongs to exactly one ACTIVE
 * reservation, and the other way round.
 */

export interface AuditMismatch { sku: string; locationId: string; reserved: number; activeSum: number }
export interface LedgerAudit {
  reservations: Reservation[];
  /** positions whose reserved figure differs from the sum of their ACTIVE reservations */
  mismatches: AuditMismatch[];
  /** positions audited (every position with a reservation or a reserved figure) */
  positions: number;
}

/** Every reservation record under a ledger prefix (optionally one SKU's). */
export async function allReservations(redis: RedisClient, prefix: string, sku?: string): Promise<Reservation[]> {
  const keys = await scanKeys(redis, sku ? `${prefix}{${sku}}:rsv:*` : `${prefix}{*}:rsv:*`);
  if (keys.length === 0) return [];
  // one GET per key: on a cluster the records live in many slots
  const raws = await Promise.all(keys.map((k) => redis.get(k)));
  return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Reservation);
}

/** reserved of a packed position value: onHand|reserved|safety|incoming|asOf|src|absAt */
const reservedOf = (packed: string) => Number(packed.split('|')[1]);

/** Compares every position's reserved figure with the sum of its ACTIVE reservations. */
export async function auditLedger(redis: RedisClient, prefix: string): Promise<LedgerAudit> {
  const reservations = await allReservations(redis, prefix);
  const active = new Map<string, number>();
  for (const r of reservations) {
    // a backorder still waiting for its supply holds no on hand
    if (r.status !== 'ACTIVE' || r.backorder) continue;
    const k = `${r.sku}\u0000${r.locationId}`;
    active.set(k, (active.get(k) ?? 0) + r.quantity);
  }
  const reserved = new Map<string, number>();
  for (const key of await scanKeys(redis, `${prefix}{*}:pos`)) {
    const sku = key.slice(prefix.length + 1, key.length - '}:pos'.length);
    const all = await redis.hgetall(key);
    for (const [loc, packed] of Object.entries(all)) {
      const n = reservedOf(packed);
      if (n !== 0) reserved.set(`${sku}\u0000${loc}`, n);
    }
  }
  const keys = new Set([...active.keys(), ...reserved.keys()]);
  const mismatches: AuditMismatch[] = [];
  for (const k of keys) {
    const [sku, locationId] = k.split('\u0000');
    const a = active.get(k) ?? 0;
    const r = reserved.get(k) ?? 0;
    if (a !== r) mismatches.push({ sku, locationId, reserved: r, activeSum: a });
  }
  return { reservations, mismatches, positions: keys.size };
}

import type { RedisClient } from '../../redis/roundTrip';
import { connectTestRedis, deleteByPrefix, scanKeys, type TestRedis } from '../../testing';
import { RedisLedger, type RedisLedgerOptions } from '../RedisLedger';
import type { PositionKey } from '../StockLedger';
import { mv, runLedgerContract } from './ledgerContract';
import { waitFor } from '../../testing';

let t: TestRedis;
let n = 0;
const extra: RedisLedger[] = [];

beforeAll(async () => {
  t = await connectTestRedis('RedisLedger');
});

afterAll(async () => {
  await Promise.all(extra.map((l) => l.close()));
  await t.cleanup();
});

function make(opts: Partial<RedisLedgerOptions> = {}, redis: RedisClient = t.redis): RedisLedger {
  return new RedisLedger({ redis, prefix: `${t.prefix}${++n}:`, ...opts });
}

runLedgerContract('RedisLedger', async (opts) => make(opts), async () => void (await deleteByPrefix(t.redis, t.prefix)));

/** The hash tag Redis Cluster hashes: text between the first `{` and the next `}`. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

/** single-node facts (one socket, its writes): not what a Cluster client does */
const itSingleNode = process.env.REDIS_CLUSTER_NODES ? it.skip : it;

describe('RedisLedger specifics', () => {
  const A1: PositionKey = { sku: 'SKU-A', locationId: 'S001' };

  it('delivers a change made through one instance to the listeners of another', async () => {
    const writer = make();
    const reader = new RedisLedger({ redis: t.redis, prefix: writer.keys.prefix });
    extra.push(writer, reader);
    const seen: PositionKey[][] = [];
    reader.onChange((keys) => seen.push(keys));
    await reader.changesReady();
    await writer.applyMovement(mv(A1.sku, A1.locationId, 'e1', { delta: 4 }));
    await waitFor(() => seen.length > 0, Boolean, { what: 'change from the other instance' });
    expect(seen[0]).toEqual([A1]);
    expect((await reader.getPositions([A1]))[0]!.onHand).toBe(4);
  });

  itSingleNode('reads any number of positions in one round trip', async () => {
    const l = make();
    extra.push(l);
    const skus = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', 'SKU-5'];
    const keys = skus.flatMap((sku) => ['S001', 'S002', 'D001'].map((locationId) => ({ sku, locationId })));
    await l.loadSnapshot(keys.map((k, i) => ({ ...k, onHand: i, at: 1, source: 'ERP' as const })));
    await t.redis.ping();
    const stream = (t.redis as unknown as { stream: { write: (...a: unknown[]) => boolean } }).stream;
    const write = jest.spyOn(stream, 'write');
    try {
      const positions = await l.getPositions(keys);
      expect(write).toHaveBeenCalledTimes(1);
      expect(positions.map((p) => p!.onHand)).toEqual(keys.map((_, i) => i));
      write.mockClear();
      const bySku = await l.getPositionsForSkus(skus);
      expect(write).toHaveBeenCalledTimes(1);
      expect(bySku.map((ps) => ps.length)).toEqual([3, 3, 3, 3, 3]);
    } finally {
      write.mockRestore();
    }
  });

  itSingleNode('sends what `issued` writes in the hold\'s own socket write, after the hold', async () => {
    const l = make();
    extra.push(l);
    await l.loadSnapshot([{ ...A1, onHand: 5, at: 1, source: 'ERP' }]);
    await t.redis.ping();
    const stream = (t.redis as unknown as { stream: { write: (...a: unknown[]) => boolean } }).stream;
    const write = jest.spyOn(stream, 'write');
    const note = `${t.prefix}note`;
    try {
      let sent: Promise<unknown> | null = null;
      const res = await l.reserve({ holdId: 'h-note', channel: 'DTC', lines: [{ ...A1, quantity: 2 }], ttlMs: 60_000, now: 1, issued: (rs) => { sent = t.redis.set(note, rs[0]!.id); } });
      await sent;
      expect(write).toHaveBeenCalledTimes(1);
      const body = String(write.mock.calls[0]![0]);
      expect(body.indexOf(note)).toBeGreaterThan(body.indexOf('h-note'));
      if (!res.ok) throw new Error('expected a hold');
      expect(await t.redis.get(note)).toBe(res.reservations[0]!.id);
    } finally {
      write.mockRestore();
    }
  });

  it('keeps every key of a SKU in its hash slot', async () => {
    const l = make();
    extra.push(l);
    const B1 = { sku: 'SKU:B{x', locationId: 'S001' };
    await l.loadSnapshot([{ ...A1, onHand: 9, at: 1, source: 'ERP' }, { ...B1, onHand: 9, at: 1, source: 'ERP' }]);
    await l.applyMovement(mv(A1.sku, A1.locationId, 'e1'));
    await l.applyMovement(mv(B1.sku, B1.locationId, 'e1'));
    const res = await l.reserve({ holdId: 'h', channel: 'DTC', lines: [{ ...A1, quantity: 1 }, { ...B1, quantity: 2 }], ttlMs: 60_000, now: 1 });
    if (!res.ok) throw new Error('expected a hold');
    await l.consume(res.reservations[0]!.id, 2, 'SHIP-1');
    await l.setSupply(B1, [{ document: 'PO1/10', expectedOn: '2026-12-10', quantity: 5 }], 3);
    expect((await l.reserve({ holdId: 'b', channel: 'WHOLESALE', lines: [{ ...B1, quantity: 2, backorder: true }], ttlMs: 60_000, now: 4 })).ok).toBe(true);
    const keys = await scanKeys(t.redis, `${l.keys.prefix}*`);
    // the expiry, backorder and document indexes have slots of their own (each written before the SKU's script)
    expect(keys).toContain(l.keys.documentSkus('SHIP-1'));
    const perSku = keys.filter((k) => k !== l.keys.expiryIndex && k !== l.keys.backorderIndex && k !== l.keys.documentSkus('SHIP-1'));
    // per SKU: positions, history, dedupe mark, reservation, the consumption's trail for SHIP-1; SKU-B
    // also its channel holds (SKU-A's left with its one hold), supply, backorder queue and its
    // locations, and the backorder's record
    expect(perSku).toHaveLength(14);
    for (const k of perSku) {
      const sku = k.startsWith(`${l.keys.prefix}{SKU-A}`) ? 'SKU-A' : 'SKU:B{x';
      expect(hashTag(k)).toBe(hashTag(`${l.keys.prefix}{${sku}}`));
    }
    expect(new Set(perSku.map(hashTag)).size).toBe(2);
  });

  it('stores positions compactly: a listpack hash per SKU well under 120 bytes a position', async () => {
    const l = make();
    extra.push(l);
    const locations = Array.from({ length: 200 }, (_, i) => `${i < 20 ? 'D' : 'S'}${String(i + 1).padStart(3, '0')}`);
    await l.loadSnapshot(locations.map((locationId, i) => ({ sku: 'SKU-0001234', locationId, onHand: 100 + i, at: 1_732_600_000_000 + i, source: 'WMS' as const })));
    await l.setSafetyStock({ sku: 'SKU-0001234', locationId: 'S100' }, 4, 1_732_600_000_500);
    const key = l.keys.positions('SKU-0001234');
    expect(await t.redis.object('ENCODING', key)).toBe('listpack');
    const bytes = Number(await t.redis.memory('USAGE', key));
    expect(bytes / 200).toBeLessThan(120);
  });

  it('marks events for the configured time and rolls back a multi-SKU hold without leftovers', async () => {
    const l = make({ dedupeTtlMs: 60_000 });
    extra.push(l);
    await l.applyMovement(mv(A1.sku, A1.locationId, 'e1', { delta: 3 }));
    const ttl = await t.redis.pttl(l.keys.dedupe(A1.sku, 'POS', 'e1'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const res = await l.reserve({
      holdId: 'h', channel: 'DTC', ttlMs: 60_000, now: 1,
      lines: [{ ...A1, quantity: 2 }, { sku: 'SKU-NONE', locationId: 'S001', quantity: 1 }],
    });
    expect(res.ok).toBe(false);
    expect(await t.redis.zcard(l.keys.expiryIndex)).toBe(0);
    expect(await scanKeys(t.redis, `${l.keys.prefix}{SKU-A}:rsv:*`)).toEqual([]);
    expect((await l.getPositions([A1]))[0]!.reserved).toBe(0);
  });

  it('expires each hold once when sweeps run on two connections', async () => {
    const other = t.redis.duplicate();
    const a = make();
    const b = new RedisLedger({ redis: other, prefix: a.keys.prefix });
    extra.push(a, b);
    try {
      await a.loadSnapshot([{ ...A1, onHand: 100, at: 1, source: 'ERP' }]);
      const holds = await Promise.all(Array.from({ length: 30 }, (_, i) =>
        a.reserve({ holdId: `h${i}`, channel: 'DTC', lines: [{ ...A1, quantity: 1 }], ttlMs: 10 + i, now: 1000 })));
      const swept = await Promise.all([a.expireDue(5000), b.expireDue(5000), a.expireDue(5000), b.expireDue(5000)]);
      const ids = swept.flat().map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(holds.map((h) => (h.ok ? h.reservations[0]!.id : '')).sort());
      expect((await a.getPositions([A1]))[0]!.reserved).toBe(0);
    } finally {
      await other.quit();
    }
  });
});

import type { Position } from '../../domain';
import { PackedPositions, PackedPositionsBuilder } from '../PackedPositions';

const at = Date.UTC(2025, 10, 1, 12, 30, 15, 250);
const base = (locationId: string, over: Partial<Position> = {}): Position => ({
  sku: 'SKU-1', locationId, onHand: 10, reserved: 2, safetyStock: 1, incoming: 30, asOf: at, source: 'WMS', ...over,
});

describe('PackedPositions', () => {
  it('gives back every figure of every position, in the order packed', () => {
    const positions: Position[] = [
      base('D001', { held: { DTC: 3, RETAIL: 1, WHOLESALE: 7, MARKETPLACE: 2 }, inTransit: 6 }),
      base('S010', { onHand: -4, reserved: 0, safetyStock: 0, incoming: 0, asOf: at + 0.5, source: 'LEDGER' }),
      base('S002', { held: { MARKETPLACE: 5 }, source: 'POS' }),
      base('S001', { inTransit: 0, source: 'ERP', asOf: 0 }),
      base('D002', { source: 'OMS', held: { RETAIL: -2 } }),
    ];
    const packed = PackedPositions.fromPositions('SKU-1', positions);
    expect(packed.length).toBe(5);
    expect(packed.countBytes).toBe(2);
    expect(packed.toPositions()).toStrictEqual(positions);
    expect(positions.map((_, i) => packed.position(i))).toStrictEqual(positions);
  });

  it('tells in transit absent from in transit 0, and a channel holding nothing from one holding 0', () => {
    const packed = PackedPositions.fromPositions('SKU-1', [base('S001'), base('S002', { inTransit: 0, held: { DTC: 0 } })]);
    expect(packed.inTransit(0)).toBeUndefined();
    expect(packed.inTransit(1)).toBe(0);
    expect('inTransit' in packed.position(0)).toBe(false);
    expect(packed.position(1)).toStrictEqual(base('S002', { inTransit: 0, held: { DTC: 0 } }));
    expect([packed.hasHeld(0), packed.hasHeld(1)]).toEqual([false, true]);
    expect(packed.held(0, 'DTC')).toBe(0);
    expect(packed.held(1, 'RETAIL')).toBe(0);
  });

  it('reads each figure in place by index', () => {
    const packed = PackedPositions.fromPositions('SKU-1', [base('S001'), base('D001', { onHand: -7, held: { WHOLESALE: 4 }, inTransit: 9, source: 'OMS' })]);
    expect([packed.locationId(1), packed.onHand(1), packed.reserved(1), packed.safetyStock(1), packed.incoming(1), packed.inTransit(1), packed.asOf(1), packed.source(1)])
      .toEqual(['D001', -7, 2, 1, 30, 9, at, 'OMS']);
    expect([packed.held(1, 'WHOLESALE'), packed.held(1, 'DTC')]).toEqual([4, 0]);
    expect([packed.indexOf('D001'), packed.indexOf('S001'), packed.indexOf('S999'), packed.indexOf('never-seen-anywhere')]).toEqual([1, 0, -1, -1]);
  });

  it.each([
    ['above int32', { onHand: 2 ** 31 }],
    ['below int32', { reserved: -(2 ** 31) - 1 }],
    ['a fraction', { incoming: 1.5 }],
    ['negative zero', { safetyStock: -0 }],
    ['beyond 2^53', { onHand: 2 ** 60 }],
    ['not a number', { incoming: Number.NaN }],
    ['in transit above int32', { inTransit: 3_000_000_000 }],
    ['a hold above int32', { held: { RETAIL: 2 ** 40 } }],
  ])('packs a SKU with a figure an int32 cannot hold (%s) wide, never wrapped', (_, over) => {
    const positions = [base('S001'), base('S002', over), base('S003', { onHand: -5, held: { DTC: 1 } })];
    const packed = PackedPositions.fromPositions('SKU-1', positions);
    expect(packed.wide).toBe(true);
    expect(packed.toPositions()).toStrictEqual(positions);
    expect(Object.is(packed.position(1).safetyStock, (over as Partial<Position>).safetyStock ?? 1)).toBe(true);
  });

  it('keeps the int32 extremes in Int32 counts, and the int16 extremes in Int16 ones', () => {
    const int32 = [base('S001', { onHand: 2 ** 31 - 1, reserved: -(2 ** 31), held: { DTC: 2 ** 31 - 1 } })];
    const packed = PackedPositions.fromPositions('SKU-1', int32);
    expect([packed.wide, packed.countBytes]).toEqual([false, 4]);
    expect(packed.toPositions()).toStrictEqual(int32);
    const int16 = [base('S001', { onHand: 2 ** 15 - 1, reserved: -(2 ** 15), incoming: 0, inTransit: -1, held: { MARKETPLACE: 2 ** 15 - 1 } })];
    const short = PackedPositions.fromPositions('SKU-1', int16);
    expect(short.countBytes).toBe(2);
    expect(short.toPositions()).toStrictEqual(int16);
  });

  it.each([
    ['on hand', { onHand: 2 ** 15 }],
    ['reserved', { reserved: -(2 ** 15) - 1 }],
    ['in transit', { inTransit: 40_000 }],
    ['a hold', { held: { WHOLESALE: 65_536 } }],
  ])('packs a SKU with a count past int16 (%s) in Int32 counts, never wrapped', (_, over) => {
    const positions = [base('S001'), base('S002', over), base('S003', { onHand: -5, held: { DTC: 1 } })];
    const packed = PackedPositions.fromPositions('SKU-1', positions);
    expect([packed.wide, packed.countBytes]).toEqual([false, 4]);
    expect(packed.toPositions()).toStrictEqual(positions);
  });

  it('widens Int16 → Int32 → Float64 part way through filling, keeping what was already set', () => {
    const b = new PackedPositionsBuilder('SKU-1', 3);
    b.set(0, 'S001', -3, 2, 3, 4, at, 'ERP', 5);
    b.hold(0, 'RETAIL', 6);
    b.set(1, 'S002', 100_000, 8, 9, 10, at + 1, 'POS');
    const mid = b.finish();
    expect(mid.countBytes).toBe(4);
    expect([mid.onHand(0), mid.held(0, 'RETAIL'), mid.inTransit(0), mid.onHand(1)]).toEqual([-3, 6, 5, 100_000]);
    b.set(2, 'S003', 0.5, 0, 0, 0, at + 2, 'LEDGER');
    const packed = b.finish();
    expect(packed.countBytes).toBe(8);
    expect(packed.toPositions().map((p) => [p.onHand, p.reserved, p.held ?? null])).toEqual([[-3, 2, { RETAIL: 6 }], [100_000, 8, null], [0.5, 0, null]]);
  });

  it('turns wide part way through filling, keeping what was already set', () => {
    const b = new PackedPositionsBuilder('SKU-1', 3);
    b.set(0, 'S001', 1, 2, 3, 4, at, 'ERP', 5);
    b.hold(0, 'RETAIL', 6);
    b.set(1, 'S002', 7, 8, 9, 10, at + 1, 'POS');
    b.set(2, 'S003', 2 ** 33, 0, 0, 0, at + 2, 'LEDGER');
    b.hold(1, 'DTC', 11);
    const packed = b.finish();
    expect(packed.wide).toBe(true);
    expect(packed.toPositions()).toStrictEqual([
      { sku: 'SKU-1', locationId: 'S001', onHand: 1, reserved: 2, safetyStock: 3, incoming: 4, asOf: at, source: 'ERP', inTransit: 5, held: { RETAIL: 6 } },
      { sku: 'SKU-1', locationId: 'S002', onHand: 7, reserved: 8, safetyStock: 9, incoming: 10, asOf: at + 1, source: 'POS', held: { DTC: 11 } },
      { sku: 'SKU-1', locationId: 'S003', onHand: 2 ** 33, reserved: 0, safetyStock: 0, incoming: 0, asOf: at + 2, source: 'LEDGER' },
    ]);
  });

  it('takes 29 bytes a position with Int16 counts (asOf, nine counts, a location and a code), 47 with Int32 ones, 85 wide', () => {
    const many = (n: number, over: Partial<Position> = {}) => Array.from({ length: n }, (_, i) => base(`L${i}`, over));
    expect(PackedPositions.fromPositions('SKU-1', many(200)).byteLength).toBe(200 * 29);
    expect(PackedPositions.fromPositions('SKU-1', many(200, { incoming: 50_000 })).byteLength).toBe(200 * 47);
    expect(PackedPositions.fromPositions('SKU-1', many(200, { onHand: 2 ** 32 })).byteLength).toBe(200 * 85);
    expect(PackedPositions.fromPositions('SKU-1', []).byteLength).toBe(0);
    expect(PackedPositions.fromPositions('SKU-1', []).toPositions()).toEqual([]);
  });

  it('refuses a source it has no code for', () => {
    expect(() => PackedPositions.fromPositions('SKU-1', [base('S001', { source: 'SAP' as Position['source'] })])).toThrow(RangeError);
  });
});

import { toEpochDay } from '../calendarDay';
import { DemandHistoryStore } from '../DemandHistoryStore';

/** Mulberry32: a seeded generator so the randomised comparison is repeatable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('DemandHistoryStore', () => {
  it('keeps net daily demand with explicit zeros, netting returns and same-day records', () => {
    const store = new DemandHistoryStore({ capacityDays: 10 });
    store.record('SKU-1', 'S001', '2024-03-01', 5);
    store.record('SKU-1', 'S001', '2024-03-01', 2);
    store.record('SKU-1', 'S001', '2024-03-03', 4);
    store.record('SKU-1', 'S001', '2024-03-03', -1); // a return
    store.record('SKU-1', 'S002', '2024-03-02', 9);
    const end = toEpochDay('2024-03-03');
    expect(store.latestDay).toBe(end);
    expect(Array.from(store.series('SKU-1', 'S001', end, 4))).toEqual([0, 7, 0, 3]);
    expect(Array.from(store.series('SKU-1', 'S002', end, 3))).toEqual([0, 9, 0]);
    expect(Array.from(store.series('NOPE', 'S001', end, 2))).toEqual([0, 0]);
    expect(store.seriesCount).toBe(2);
  });

  it('accepts late records for earlier days and drops days that left the window', () => {
    const store = new DemandHistoryStore({ capacityDays: 30 });
    for (let d = 0; d < 100; d++) store.recordIndexed(0, 0, 1000 + d, 1 + (d % 3));
    store.recordIndexed(0, 0, 1095, 10); // late, inside the window
    store.recordIndexed(0, 0, 1050, 10); // too old: outside the window
    expect(store.droppedRecords).toBe(1);
    const s = store.seriesAt(0, 1099, 40);
    for (let i = 0; i < 40; i++) {
      const day = 1060 + i;
      const expected = day < 1070 ? 0 : 1 + ((day - 1000) % 3) + (day === 1095 ? 10 : 0);
      expect(s[i]).toBe(expected);
    }
  });

  it('stores fractional, negative and very large quantities exactly enough', () => {
    const store = new DemandHistoryStore();
    store.record('K', 'L', 20000, 1.25);
    store.record('K', 'L', 20001, -3);
    store.record('K', 'L', 20002, 5e8);
    store.record('K', 'L', 20003, 70000);
    expect(Array.from(store.series('K', 'L', 20003, 4))).toEqual([1.25, -3, 5e8, 70000]);
  });

  it('handles long gaps between selling days and lists its series', () => {
    const store = new DemandHistoryStore({ capacityDays: 1000 });
    store.record('SLOW', 'L', 10000, 2);
    store.record('SLOW', 'L', 10300, 3);
    store.record('SLOW', 'L', 10301, 4);
    const s = store.series('SLOW', 'L', 10301, 302);
    expect([s[0], s[300], s[301]]).toEqual([2, 3, 4]);
    expect(s.reduce((a, v) => a + v, 0)).toBe(9);
    expect(store.keyOf(0)).toEqual({ sku: 'SLOW', location: 'L' });
  });

  it('matches a plain model under random out-of-order traffic on many series', () => {
    const rand = rng(42);
    const capacity = 60;
    const store = new DemandHistoryStore({ capacityDays: capacity });
    const model = new Map<string, Map<number, number>>();
    let latest = 0;
    for (let i = 0; i < 20000; i++) {
      const sku = `SKU${Math.floor(rand() * 40)}`;
      const loc = `L${Math.floor(rand() * 5)}`;
      const day = 500 + Math.floor(i / 100) - Math.floor(rand() * rand() * 20);
      const qty = rand() < 0.1 ? -1 : Math.floor(rand() * 300);
      latest = Math.max(latest, day);
      store.record(sku, loc, day, qty);
      if (day <= latest - capacity) continue;
      const key = `${sku}|${loc}`;
      const days = model.get(key) ?? new Map<number, number>();
      model.set(key, days);
      days.set(day, (days.get(day) ?? 0) + qty);
    }
    expect(store.latestDay).toBe(latest);
    for (const [key, days] of model) {
      const [sku, loc] = key.split('|');
      const got = store.series(sku, loc);
      const want = new Float64Array(capacity);
      for (const [day, q] of days) if (day > latest - capacity) want[day - (latest - capacity + 1)] += q;
      expect(Array.from(got)).toEqual(Array.from(want));
    }
    const mem = store.memory();
    expect(mem.totalBytes).toBe(mem.arenaBytes + mem.metadataBytes + mem.indexBytes);
  });

  it('holds a full window of fractional quantities at the largest capacity', () => {
    const store = new DemandHistoryStore({ capacityDays: 2500 });
    for (let d = 0; d < 2500; d++) store.recordIndexed(0, 0, d, 0.5 + d);
    const s = store.seriesAt(0);
    expect(s[0]).toBe(0.5);
    expect(s[2499]).toBe(2499.5);
    expect(() => new DemandHistoryStore({ capacityDays: 2501 })).toThrow(RangeError);
  });

  it('refuses non-finite quantities and malformed dates', () => {
    const store = new DemandHistoryStore();
    expect(() => store.record('A', 'B', '2024-02-30', 1)).toThrow(RangeError);
    expect(() => store.record('A', 'B', '2024-02-03', NaN)).toThrow(RangeError);
  });
});

import { SupplyBook } from '../SupplyBook';
import { MemoryKeyValueStore } from '@stockgraph/shared/kv';
import { parseDemandEvent, publishDemand } from '@stockgraph/shared/feeds';
import { createLogger } from '@stockgraph/shared/logger';
import { DemandHistoryStore } from '../../history/DemandHistoryStore';
import { toEpochDay } from '../../history/calendarDay';
import { ChannelDemandLog } from '../ChannelDemandLog';
import { DemandFeed } from '../DemandFeed';
import { seedDemandHistory } from '../seedDemandHistory';

const logger = createLogger('test', 'silent');

it('parses demand events and rejects malformed ones', () => {
  const ok = { sku: 'SKU-1', locationId: 'S001', date: '2026-11-20', quantity: -2, channel: 'RETAIL' };
  expect(parseDemandEvent(JSON.stringify(ok))).toEqual(ok);
  for (const bad of ['nope', '{}', JSON.stringify({ ...ok, date: '20/11/2026' }), JSON.stringify({ ...ok, channel: 'TV' }), JSON.stringify({ ...ok, quantity: 'x' })]) {
    expect(parseDemandEvent(bad)).toBeNull();
  }
});

it('published demand reaches the history and the channel log, net of returns, each fact once', async () => {
  const kv = new MemoryKeyValueStore();
  const history = new DemandHistoryStore({ capacityDays: 30 });
  const log = new ChannelDemandLog();
  const feed = new DemandFeed({ kv, history, log, supply: new SupplyBook(), logger });
  const stop = await feed.listen();
  await publishDemand(kv, { sku: 'SKU-1', locationId: 'D001', date: '2026-11-20', quantity: 3, channel: 'DTC', orderId: 'O1', shipmentId: 'O1-S1' }, 'ship:O1-S1:0');
  await publishDemand(kv, { sku: 'SKU-1', locationId: 'D001', date: '2026-11-20', quantity: 2, channel: 'DTC', orderId: 'O1', shipmentId: 'O1-S2' }, 'ship:O1-S2:0');
  // the same shipment line published again (a retry): counted once
  await publishDemand(kv, { sku: 'SKU-1', locationId: 'D001', date: '2026-11-20', quantity: 2, channel: 'DTC', orderId: 'O1', shipmentId: 'O1-S2' }, 'ship:O1-S2:0');
  await publishDemand(kv, { sku: 'SKU-1', locationId: 'D001', date: '2026-11-20', quantity: -1, channel: 'DTC' });
  await kv.streams.append('demand', 'junk', 'garbage');
  const day = toEpochDay('2026-11-20');
  for (let i = 0; i < 200 && feed.received + feed.rejected < 4; i++) await new Promise((r) => setTimeout(r, 5));
  await stop();
  expect(Array.from(history.series('SKU-1', 'D001', day, 1))).toEqual([4]);
  expect(log.unitsBetween(day, day, 'DTC')).toBe(4);
  expect(log.unitsBetween(day, day, 'RETAIL')).toBe(0);
  expect(log.shipmentsPerOrder(day, day)).toEqual([2]);
  expect(feed.rejected).toBe(1);

  // a new process (empty memory) on the same stream rebuilds the same history from the replay
  const again = new DemandHistoryStore({ capacityDays: 30 });
  const feed2 = new DemandFeed({ kv, history: again, log: new ChannelDemandLog(), supply: new SupplyBook(), logger });
  const stop2 = await feed2.listen();
  await stop2();
  expect(Array.from(again.series('SKU-1', 'D001', day, 1))).toEqual([4]);
  await kv.close();
});

it('seeds the same history for the same seed, scaled by stock, ending yesterday', () => {
  const registry = { location: (id: string) => ({ type: id.startsWith('S') ? 'STORE' : 'DISTRIBUTION_CENTER' }) } as any;
  const positions = [
    { sku: 'SKU-1', locationId: 'S001', onHand: 600, reserved: 0, safetyStock: 0, incoming: 0, asOf: 0, source: 'POS' as const },
    { sku: 'SKU-2', locationId: 'S001', onHand: 6, reserved: 0, safetyStock: 0, incoming: 0, asOf: 0, source: 'POS' as const },
    { sku: 'SKU-3', locationId: 'S001', onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, asOf: 0, source: 'POS' as const },
  ];
  const today = toEpochDay('2026-11-26');
  const a = new DemandHistoryStore();
  const b = new DemandHistoryStore();
  expect(seedDemandHistory(registry, positions, a, 7, 90, { today })).toBe(2);
  seedDemandHistory(registry, positions, b, 7, 90, { today });
  const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);
  expect(Array.from(a.series('SKU-1', 'S001', today, 120))).toEqual(Array.from(b.series('SKU-1', 'S001', today, 120)));
  expect(a.series('SKU-1', 'S001', today, 1)[0]).toBe(0);
  expect(sum(a.series('SKU-1', 'S001', today - 91, 1))).toBe(0);
  expect(sum(a.series('SKU-1', 'S001', today, 120))).toBeGreaterThan(10 * sum(a.series('SKU-2', 'S001', today, 120)));
  expect(sum(a.series('SKU-3', 'S001', today, 120))).toBe(0);
});

import { CHANNELS, type Location, type Position } from '@stockgraph/shared';
import { channelAvailable, DEFAULT_CHANNEL_POLICIES, locationFeedsChannel, parseChannelPolicies } from '@stockgraph/shared/availability';
import { PackedPositions } from '@stockgraph/shared/ledger';
import { mulberry32 } from '@stockgraph/shared/random';
import { computeAvailability } from '../computeAvailability';

const loc = (id: string, type: Location['type'], lat: number, lng: number, caps: Location['capabilities']): Location => ({
  id, name: id, type, geo: { lat, lng }, capabilities: caps, dailyCapacity: 40, localCodes: [],
});
const locations = new Map<string, Location>([
  ['D001', loc('D001', 'DISTRIBUTION_CENTER', 52.2565, -1.163, ['SHIP_FROM_DC', 'RETURNS'])],
  // Leeds and Bradford are ~14 km apart; York ~35 km from Leeds; London ~270 km
  ['S001', loc('S001', 'STORE', 53.7997, -1.5492, ['SHIP_FROM_STORE', 'PICKUP_IN_STORE'])],
  ['S002', loc('S002', 'STORE', 53.795, -1.7594, ['PICKUP_IN_STORE'])],
  ['S003', loc('S003', 'STORE', 53.959, -1.0815, ['SHIP_FROM_STORE', 'PICKUP_IN_STORE'])],
  ['S004', loc('S004', 'STORE', 51.5072, -0.1276, ['SHIP_FROM_STORE', 'PICKUP_IN_STORE'])],
]);
const pos = (locationId: string, onHand: number, reserved = 0, safetyStock = 0, asOf = 1000): Position => ({
  sku: 'SKU-1', locationId, onHand, reserved, safetyStock, incoming: 0, asOf, source: 'WMS',
});
const positions = [pos('D001', 100, 10, 5, 3000), pos('S001', 6, 1, 0), pos('S002', 3), pos('S003', 1), pos('S004', 9, 0, 0, 2000)];
const run = (channel: keyof typeof DEFAULT_CHANNEL_POLICIES, near: { lat: number; lng: number } | null = null, policies = DEFAULT_CHANNEL_POLICIES) =>
  computeAvailability({ sku: 'SKU-1', channel, policy: policies[channel], positions, near, radiusKm: 50, location: (id) => locations.get(id), isStale: () => false });

describe('computeAvailability', () => {
  it('DTC sums on hand − reserved − safety stock over the whole network, shipping only where locations ship', () => {
    const a = run('DTC');
    expect(a.availableToSell).toBe(85 + 5 + 3 + 1 + 9);
    expect(a.shipping).toEqual({ available: true, quantity: 85 + 5 + 1 + 9 }); // S002 cannot ship
    expect(a.asOf).toBe(3000);
  });

  it('wholesale sees the DC only, capped at half the position less its own holds', () => {
    // 100 on hand, 5 safety: a cap of ⌊95 × 0.5⌋ = 47, within the 85 the pool has left (the 10 held are other channels')
    expect(run('WHOLESALE').availableToSell).toBe(47);
    const own = computeAvailability({
      sku: 'SKU-1', channel: 'WHOLESALE', policy: DEFAULT_CHANNEL_POLICIES.WHOLESALE, positions: [{ ...positions[0]!, held: { WHOLESALE: 10 } }],
      location: (id) => locations.get(id), isStale: () => false,
    });
    expect(own.availableToSell).toBe(37);
    expect(own.byLocation()).toEqual(new Map([['D001', 37]]));
  });

  it('marketplace keeps two units back per position and skips stores that cannot ship', () => {
    // D001 85−2, S001 5−2, S003 max(0, 1−2), S004 9−2; S002 does not ship
    expect(run('MARKETPLACE').availableToSell).toBe(83 + 3 + 0 + 7);
  });

  it('lists pickup stores within the radius, nearest first', () => {
    const a = run('RETAIL', { lat: 53.8, lng: -1.55 });
    expect(a.pickup.map((p) => p.location.id)).toEqual(['S001', 'S002', 'S003']);
    expect(a.pickup[0].distanceKm).toBeLessThan(1);
    expect(a.pickup[1].distanceKm).toBeGreaterThan(13);
    expect(a.pickup[1].distanceKm).toBeLessThan(15);
  });

  it('offers no pickup to channels without it, and none without a point', () => {
    expect(run('WHOLESALE', { lat: 53.8, lng: -1.55 }).pickup).toEqual([]);
    expect(run('DTC').pickup).toEqual([]);
  });

  it('takes policy overrides from configuration', () => {
    const policies = parseChannelPolicies(JSON.stringify({ WHOLESALE: { share: 1, unitBuffer: 5 } }));
    expect(run('WHOLESALE', null, policies).availableToSell).toBe(80);
    expect(() => parseChannelPolicies(JSON.stringify({ WHOLESALE: { share: 2 } }))).toThrow();
  });

  it('reads packed positions in place to the figures each position object gives', () => {
    const rand = mulberry32(11);
    const ids = [...locations.keys()];
    const int = (n: number) => Math.floor(rand() * n);
    for (let round = 0; round < 200; round++) {
      const objects: Position[] = ids.filter(() => rand() < 0.8).map((locationId) => {
        const p: Position = { ...pos(locationId, int(60) - 5, int(8), int(4), 1000 + int(5000)), incoming: int(3) };
        if (rand() < 0.3) p.held = Object.fromEntries(CHANNELS.filter(() => rand() < 0.5).map((c) => [c, 1 + int(6)]));
        if (rand() < 0.2) p.inTransit = int(4);
        return p;
      });
      const channel = CHANNELS[int(4)]!;
      const policy = DEFAULT_CHANNEL_POLICIES[channel];
      const stale = new Set(ids.filter(() => rand() < 0.2));
      const fig = computeAvailability({
        sku: 'SKU-1', channel, policy, positions: PackedPositions.fromPositions('SKU-1', objects), near: { lat: 53.8, lng: -1.55 }, radiusKm: 50,
        location: (id) => locations.get(id), isStale: (id) => stale.has(id),
      });
      const feeding = objects.filter((p) => locationFeedsChannel(policy, locations.get(p.locationId)!));
      expect(fig.byLocation()).toEqual(new Map(feeding.map((p) => [p.locationId, channelAvailable(p, policy, channel)])));
      expect(fig.availableToSell).toBe(feeding.reduce((n, p) => n + channelAvailable(p, policy, channel), 0));
      expect(fig.asOf).toBe(feeding.length ? Math.max(...feeding.map((p) => p.asOf)) : null);
      expect(fig.stale).toBe(feeding.some((p) => stale.has(p.locationId)));
      const fromObjects = computeAvailability({
        sku: 'SKU-1', channel, policy, positions: objects, near: { lat: 53.8, lng: -1.55 }, radiusKm: 50, location: (id) => locations.get(id), isStale: (id) => stale.has(id),
      });
      expect({ ...fig, byLocation: fig.byLocation() }).toEqual({ ...fromObjects, byLocation: fromObjects.byLocation() });
    }
  });
});

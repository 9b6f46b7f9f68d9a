/**
 * Issue 3: channel allocation policies are configuration. A deployment's CHANNEL_POLICIES (JSON)
 * make the same positions give different availability per channel: which location types feed
 * it, which stores count, the share it may sell, the units it keeps back and whether it offers
 * pickup. Embedded store.
 */
import { parseChannelPolicies, type ChannelPolicies } from '@stockgraph/shared/availability';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { contractOperation } from '../support/contract';
import { CHANNEL_LIST, expectedAvailability, expectedOnHand } from '../support/expected';
import { gql, gqlData } from '../support/gql';
import { stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';

const POLICIES: ChannelPolicies = parseChannelPolicies(JSON.stringify({
  RETAIL: { locationTypes: ['STORE'], storesNeed: 'PICKUP_IN_STORE', unitBuffer: 1 },
  WHOLESALE: { share: 0.3 },
  MARKETPLACE: { share: 0.8, unitBuffer: 4 },
}));

let t: TestStack;
let skuOf: Map<string, string>;

beforeAll(async () => {
  t = await startTestStack('channel-policies', 'memory', { ...QUIET_OMS, policies: POLICIES });
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
});
afterAll(async () => t?.close());

it('the configuration is what the test thinks it is', () => {
  expect(POLICIES.WHOLESALE).toMatchObject({ locationTypes: ['DISTRIBUTION_CENTER'], share: 0.3, pickup: false });
  expect(POLICIES.MARKETPLACE).toMatchObject({ storesNeed: 'SHIP_FROM_STORE', share: 0.8, unitBuffer: 4 });
});

it('the same positions give each channel the availability its policy allows', async () => {
  const store = t.world.locations.find((l) => l.type === 'STORE' && l.cnc)!;
  const near = { lat: store.lat, lng: store.lng };
  const items = t.world.items.slice(0, 60);
  const figures = new Map<string, number[]>();
  for (const channel of CHANNEL_LIST) {
    const d: any = await gqlData(t.url, contractOperation('storefront.graphql', 'ProductAvailability'),
      { skus: items.map((i) => skuOf.get(i.matnr)), channel, near, radiusKm: 60 }, demoKey('order-management'));
    const want = items.map((i) => expectedAvailability(t.world, i, POLICIES[channel], { near, radiusKm: 60 }));
    expect(d.availability.map((a: any) => ({ ats: a.availableToSell, ship: a.shipping.quantity, pickup: a.pickup.map((p: any) => [p.location.id, p.availableToSell]) })))
      .toEqual(want.map((e) => ({ ats: e.availableToSell, ship: e.shipping.quantity, pickup: e.pickup.map((p) => [p.locationId, p.availableToSell]) })));
    figures.set(channel, d.availability.map((a: any) => a.availableToSell));
  }
  // the channels really differ on these positions, the way the policies say
  const total = (c: string) => figures.get(c)!.reduce((a, b) => a + b, 0);
  expect(total('DTC')).toBeGreaterThan(total('MARKETPLACE'));
  expect(total('MARKETPLACE')).toBeGreaterThan(total('WHOLESALE'));
  expect(total('DTC')).toBeGreaterThan(total('RETAIL'));
  expect(new Set(CHANNEL_LIST.map(total)).size).toBe(4);
});

it('stockAt with a channel applies that channel\'s buffer and share to one position', async () => {
  const dc = t.world.locations.find((l) => l.type === 'DC')!;
  const item = t.world.items.find((i) => (expectedOnHand(t.world, dc.plant, i) ?? 0) > 20)!;
  const sku = skuOf.get(item.matnr)!;
  const onHand = expectedOnHand(t.world, dc.plant, item)!;
  const ats = async (channel?: string) => (await stockAt(t.url, sku, dc.plant, channel)).availableToSell;
  expect(await ats()).toBe(onHand);
  expect(await ats('DTC')).toBe(onHand);
  expect(await ats('WHOLESALE')).toBe(Math.floor(onHand * 0.3));
  expect(await ats('MARKETPLACE')).toBe(Math.floor((onHand - 4) * 0.8));
});

it('a partner bound to MARKETPLACE and an anonymous storefront (DTC) cannot read another channel', async () => {
  const sku = skuOf.get(t.world.items[0].matnr)!;
  const q = contractOperation('partner.graphql', 'PartnerStock');
  const partner = await gql(t.url, q, { skus: [sku], channel: 'WHOLESALE' }, demoKey('acme-marketplace'));
  expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const anon = await gql(t.url, q, { skus: [sku], channel: 'WHOLESALE' });
  expect(anon.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect((await gql(t.url, q, { skus: [sku], channel: 'DTC' })).errors).toBeUndefined();
});

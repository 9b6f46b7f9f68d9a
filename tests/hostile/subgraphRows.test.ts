// HOSTILE-INPUTS rows that the subgraphs enforce: 20 (injection strings in valid variables),
// 25 (a partner asking for another's SKU or channel), 26 (a subgraph called directly).
import { contractOperation } from '../support/contract';
import { demoKey, startTestStack, type TestStack } from '../support/startTestStack';
import { gql } from '../support/gql';

const INJECTIONS = ["' OR 1=1--", '../../', '\r\nX-Injected: 1', 'http://169.254.169.254/', 'SKU-1"; DROP', '{"$ne":null}'];

describe('hostile inputs the subgraphs refuse', () => {
  let t: TestStack;
  beforeAll(async () => { t = await startTestStack('hostile-subgraph-rows', 'memory', { omsPollMs: 0, reconcileMs: 0 }); });
  afterAll(() => t.close());

  const legacyCalls = async () => {
    const sims = t.stack.simulators!;
    return [sims.erp, sims.wms, sims.pos, sims.oms].map((s) => s.calls.snapshot());
  };

  it.each(INJECTIONS)('%j as a SKU or location id is BAD_USER_INPUT or a userError, and never reaches a legacy system', async (bad) => {
    const before = JSON.stringify(await legacyCalls());
    const avail = await gql(t.url, contractOperation('storefront.graphql', 'ProductAvailability'), { skus: [bad], channel: 'DTC' });
    expect(avail.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const scan = await gql(t.url, contractOperation('clienteling.graphql', 'ScanBarcode'), { system: 'POS', code: 'x', storeId: bad }, demoKey('clienteling'));
    expect(JSON.stringify(scan)).not.toContain('INTERNAL_SERVER_ERROR');
    const hold = await gql(t.url, contractOperation('storefront.graphql', 'HoldCart'), { input: { channel: 'DTC', lines: [{ sku: bad, locationId: bad, quantity: 1 }] } }, demoKey('storefront'));
    expect(hold.data?.reserve.userErrors.map((e: { code: string }) => e.code).sort()).toEqual(['UNKNOWN_LOCATION', 'UNKNOWN_SKU']);
    const route = await gql(t.url, contractOperation('operations.graphql', 'RouteOrder'), { input: { channel: 'DTC', pickupLocationId: bad, lines: [{ sku: bad, quantity: 1 }] } }, demoKey('order-management'));
    expect(route.data?.routeOrder.userErrors.length).toBeGreaterThan(0);
    const ret = await gql(t.url, contractOperation('operations.graphql', 'CreateReturn'), { input: { orderId: bad, channel: 'DTC', returnLocationId: 'S001', lines: [{ sku: 'SKU-10000001', quantity: 1, condition: 'NEW' }] } }, demoKey('order-management'));
    expect(ret.data?.createReturn.userErrors[0]?.code).toBe('UNKNOWN_ORDER');
    // refused where it entered: no legacy system was called at all
    expect(JSON.stringify(await legacyCalls())).toBe(before);
  });

  it("a partner asking for a SKU outside its assortment gets the same answer as for a SKU that does not exist", async () => {
    const assortment = new Set(t.stack.gateway.config.auth.assortments.acme);
    const ids = t.stack.platform.registry.skuIds();
    const inside = ids.find((id) => assortment.has(id))!;
    const outside = ids.find((id) => !assortment.has(id))!;
    const q = contractOperation('partner.graphql', 'PartnerStock');
    const partner = demoKey('acme-marketplace');
    const r = await gql(t.url, q, { skus: [inside, outside, 'SKU-99999999'], channel: 'MARKETPLACE' }, partner);
    expect(r.errors).toBeUndefined();
    expect(r.data!.availability[0]).toEqual(expect.objectContaining({ sku: { id: inside } }));
    expect(r.data!.availability[1]).toBeNull();
    expect(r.data!.availability[2]).toBeNull();
    // and another channel than its own is refused
    const other = await gql(t.url, q, { skus: [inside], channel: 'DTC' }, partner);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.availability ?? null).toBeNull();
  });

  it('a subgraph called directly (no identity signed by the gateway) is refused', async () => {
    for (const name of ['unification', 'oms'] as const) {
      const res = await fetch(t.stack.subgraphs[name].url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-stockgraph-identity': 'v1.0.forged.signature', 'x-partner-id': 'acme' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[]; data?: unknown };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain('type Query');
    }
  });
});

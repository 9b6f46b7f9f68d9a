import { LegacyError, createLogger, type Location } from '@stockgraph/shared';
import { MemoryKeyValueStore } from '@stockgraph/shared/kv';
import { Registry } from '@stockgraph/shared/registry';
import { DiscrepancyStore } from '@stockgraph/shared/reconcile';
import { closeDiscrepancyOnCount } from '@stockgraph/shared/reconcile';
import { DEFAULT_RECONCILE_POLICY, parseReconcilePolicy, type ReconcilePolicy } from '@stockgraph/shared/reconcile';
import type { WmsClient } from '@stockgraph/wms';
import type { PosClient } from '@stockgraph/pos';
import { CycleCountRequests } from '../CycleCountRequests';

const logger = createLogger('test', 'silent');
const loc = (id: string, type: Location['type'], codes: Location['localCodes']): Location =>
  ({ id, name: id, type, geo: { lat: 52, lng: -1 }, capabilities: [], dailyCapacity: 0, localCodes: codes });

async function setup(policy: ReconcilePolicy = DEFAULT_RECONCILE_POLICY) {
  const kv = new MemoryKeyValueStore();
  const registry = new Registry(kv);
  await registry.write({
    skus: [{ id: 'SKU-1', name: 'One', gtin: '5000000000017', category: null, packSize: 6,
      localCodes: [{ system: 'ERP', code: '1' }, { system: 'WMS', code: 'WA1' }, { system: 'POS', code: '5000000000017' }] },
    { id: 'SKU-2', name: 'Two', gtin: null, category: null, packSize: 6, localCodes: [{ system: 'ERP', code: '2' }] }],
    locations: [loc('D001', 'DISTRIBUTION_CENTER', [{ system: 'WMS', code: 'DC1' }]), loc('S001', 'STORE', [{ system: 'POS', code: '0001' }, { system: 'WMS', code: 'ST1' }])],
    unmapped: [], conflicts: [], builtAt: 0,
  });
  const discrepancies = new DiscrepancyStore(kv);
  const calls: string[] = [];
  let fail: Error | null = null;
  const wms = { requestCycleCount: async (site: string, article: string, ref: string) => { if (fail) throw fail; calls.push(`WMS ${site} ${article} ${ref}`); return { id: 'CC1' }; } };
  const pos = { requestCount: async (store: string, barcode: string, ref: string) => { if (fail) throw fail; calls.push(`POS ${store} ${barcode} ${ref}`); } };
  const counts = new CycleCountRequests({
    discrepancies, registry, logger, policy, recountAfterMs: 60_000,
    clients: { wms: wms as unknown as WmsClient, pos: pos as unknown as PosClient },
  });
  const sources = [{ system: 'WMS' as const, quantity: 5, asOf: 0 }, { system: 'ERP' as const, quantity: 7, asOf: 0 }];
  return { discrepancies, counts, calls, sources, failWith: (e: Error | null) => { fail = e; } };
}

describe('CycleCountRequests', () => {
  it('asks the WMS for a DC and the POS for a store, with the codes each knows', async () => {
    const { discrepancies, counts, calls, sources } = await setup();
    const dc = await discrepancies.record('SKU-1', 'D001', sources, 1);
    const st = await discrepancies.record('SKU-1', 'S001', sources, 1);
    const a = await counts.request(dc.id, 1000);
    const b = await counts.request(st.id, 1000);
    expect([a.userErrors, b.userErrors]).toEqual([[], []]);
    expect(calls).toEqual([`WMS DC1 WA1 ${a.discrepancy!.countRef}`, `POS 0001 5000000000017 ${b.discrepancy!.countRef}`]);
    expect(a.discrepancy).toMatchObject({ status: 'COUNT_REQUESTED', countRef: expect.stringMatching(/^DISC-SKU-1-D001:/) });
  });

  it('asks the system of record the configured policy names, not a fixed one', async () => {
    const { discrepancies, counts, calls, sources } = await setup(parseReconcilePolicy('{"winner":{"STORE":"WMS"}}'));
    const st = await discrepancies.record('SKU-1', 'S001', sources, 1);
    const r = await counts.request(st.id, 1000);
    expect(r.userErrors).toEqual([]);
    expect(calls).toEqual([`WMS ST1 WA1 ${r.discrepancy!.countRef}`]);
    const erp = await setup(parseReconcilePolicy('{"winner":{"DISTRIBUTION_CENTER":"ERP"}}'));
    const dc = await erp.discrepancies.record('SKU-1', 'D001', sources, 1);
    expect((await erp.counts.request(dc.id, 1000)).userErrors.map((e) => e.code)).toEqual(['COUNT_REFUSED']);
    expect(erp.calls).toEqual([]);
  });

  it('does not ask twice while a count is on its way, but asks again once it looks lost', async () => {
    const { discrepancies, counts, calls, sources } = await setup();
    const d = await discrepancies.record('SKU-1', 'D001', sources, 1);
    const first = await counts.request(d.id, 1000);
    expect((await counts.request(d.id, 50_000)).discrepancy?.countRef).toBe(first.discrepancy?.countRef);
    expect(calls).toHaveLength(1);
    const again = await counts.request(d.id, 1000 + 60_001);
    expect(calls).toHaveLength(2);
    expect(again.discrepancy?.countRef).not.toBe(first.discrepancy?.countRef);
    // only the latest request's count closes it
    const close = closeDiscrepancyOnCount(discrepancies, logger);
    await close('SKU-1', 'D001', first.discrepancy!.countRef, 9, 2000);
    expect((await discrepancies.get(d.id))?.status).toBe('COUNT_REQUESTED');
    await close('SKU-1', 'D001', again.discrepancy!.countRef, 9, 3000);
    expect(await discrepancies.get(d.id)).toMatchObject({ status: 'RESOLVED', counted: 9, resolvedAt: 3000 });
    expect((await counts.request(d.id, 4000)).userErrors.map((e) => e.code)).toEqual(['ALREADY_RESOLVED']);
  });

  it('refuses with stable codes and leaves the discrepancy open when the request fails', async () => {
    const { discrepancies, counts, sources, failWith } = await setup();
    expect((await counts.request('DISC-nope', 1)).userErrors.map((e) => e.code)).toEqual(['UNKNOWN_DISCREPANCY']);
    const noCode = await discrepancies.record('SKU-2', 'S001', sources, 1);
    expect((await counts.request(noCode.id, 1)).userErrors.map((e) => e.code)).toEqual(['NO_LOCAL_CODE']);
    const d = await discrepancies.record('SKU-1', 'D001', sources, 1);
    failWith(new LegacyError('WMS', 'unavailable', 'WMS cycle-count is unreachable'));
    expect(await counts.request(d.id, 1)).toMatchObject({ discrepancy: { status: 'OPEN', countRef: null }, userErrors: [{ code: 'SOURCE_UNAVAILABLE' }] });
    failWith(new LegacyError('WMS', 'status', 'WMS cycle-count failed with HTTP 422', 422));
    expect((await counts.request(d.id, 1)).userErrors.map((e) => e.code)).toEqual(['COUNT_REFUSED']);
    expect((await discrepancies.get(d.id))?.status).toBe('OPEN');
  });
});

import { generateWorld } from '../../generator/generateWorld';
import { erpStockAt } from '../../generator/worldLookup';
import { expectFaultSwitch } from '../../common/__tests__/expectFaultSwitch';
import { ErpSimulator } from '../ErpSimulator';

const world = generateWorld({});
const erp = new ErpSimulator(world);
let url = '';

beforeAll(async () => {
  url = (await erp.start()).url;
});
afterAll(() => erp.close());
beforeEach(() => erp.reset());

async function get<T = any>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url + path);
  return { status: res.status, body: (await res.json()) as T };
}

describe('ERP simulator', () => {
  it('pages materials in SAP-style JSON', async () => {
    const { status, body } = await get('/api/v1/materials?page=2&size=100');
    expect(status).toBe(200);
    expect(body).toMatchObject({ pg: 2, sz: 100, tot: world.items.length });
    expect(body.d).toHaveLength(100);
    const item = world.items[100]!;
    expect(body.d[0]).toEqual({
      matnr: item.matnr, maktx: item.description, matkl: item.category, meins: 'EA', eans: item.eans,
      stprs: item.cost.toFixed(2), vkp: item.price.toFixed(2), waers: 'GBP', lifnr: item.lifnr,
      plifz: item.leadTimeDays, plifzSd: item.leadTimeSdDays, aedat: item.changedOn.replace(/-/g, ''),
    });
    const last = await get(`/api/v1/materials?page=3&size=100`);
    expect(last.body.d).toHaveLength(world.items.length - 200);
  });

  it('shows the reused barcode on both materials', async () => {
    const { body } = await get('/api/v1/materials?size=500');
    const conflict = world.anomalies.conflicts[0]!;
    const listing = body.d.filter((m: { eans: string[] }) => m.eans.includes(conflict.code)).map((m: { matnr: string }) => m.matnr);
    expect(listing.sort()).toEqual(conflict.materials);
  });

  it('filters materials by change date', async () => {
    const since = '2026-06-01';
    const { body } = await get(`/api/v1/materials?size=500&changedSince=${since.replace(/-/g, '')}`);
    expect(body.tot).toBe(world.items.filter((i) => i.changedOn >= since).length);
    expect(body.tot).toBeLessThan(world.items.length);
  });

  it('answers 400 for bad query parameters and 404 for unknown paths and plants', async () => {
    expect((await get('/api/v1/materials?size=501')).status).toBe(400);
    expect((await get('/api/v1/materials?page=0')).status).toBe(400);
    expect((await get('/api/v1/materials?page=abc')).status).toBe(400);
    expect((await get('/api/v1/materials?changedSince=2026-01-01')).status).toBe(400);
    expect((await get('/api/v1/stock')).status).toBe(400);
    expect((await get('/api/v1/stock?werks=X999')).status).toBe(404);
    expect((await get('/api/v1/nothing')).status).toBe(404);
  });

  it('serves the stock batch per plant, with the ERP figure on the disagreements', async () => {
    const d = world.anomalies.disagreements[0]!;
    const { body } = await get(`/api/v1/stock?werks=${d.plant}&size=500`);
    const ranged = Array.from(world.stock[d.plant]!).filter((q) => q >= 0).length;
    expect(body).toMatchObject({ werks: d.plant, ts: '20261126T020000', pg: 1, tot: ranged });
    const byMatnr = new Map(body.d.map((r: { matnr: string; labst: string }) => [r.matnr, r.labst]));
    expect(byMatnr.get(d.matnr)).toBe(d.erp.toFixed(3));
    for (const [matnr, labst] of byMatnr) expect(labst).toBe(erpStockAt(world, d.plant, matnr as string)!.toFixed(3));
    const store = await get('/api/v1/stock?werks=S001&size=500');
    expect(store.body.tot).toBe(Array.from(world.stock['S001']!).filter((q) => q >= 0).length);
  });

  it('lists vendors, plants and purchase orders', async () => {
    const vendors = await get('/api/v1/vendors');
    expect(vendors.body.d).toHaveLength(world.suppliers.length);
    const s = world.suppliers[0]!;
    expect(vendors.body.d[0]).toEqual({ lifnr: s.lifnr, name1: s.name, land1: s.country, rtv: s.takesReturns ? 'X' : '', rtvPct: String(s.rtvPct), trust: s.trust.toFixed(2), minbm: s.minOrderUnits });

    const plants = await get('/api/v1/plants');
    expect(plants.body.d).toHaveLength(world.locations.length);
    expect(plants.body.d[0]).toMatchObject({ werks: 'D001', typ: 'DC', lat: '52.2565', lon: '-1.1630', sfs: '', cap: 0 });
    const store = world.locations.find((l) => l.type === 'STORE')!;
    expect(plants.body.d.find((p: { werks: string }) => p.werks === store.plant)).toMatchObject({ typ: 'ST', sfs: store.sfs ? 'X' : '', cnc: store.cnc ? 'X' : '', cap: store.cap });

    const open = world.purchaseOrders.filter((p) => p.status === 'open');
    const pos = await get('/api/v1/purchase-orders?status=open&size=500');
    expect(pos.body.tot).toBe(open.length);
    const po = open[0]!;
    expect(pos.body.d[0]).toMatchObject({ ebeln: po.ebeln, lifnr: po.lifnr, werks: po.plant, bedat: po.orderedOn.replace(/-/g, '') });
    expect(pos.body.d[0].items[0]).toEqual({
      ebelp: '00010', matnr: po.lines[0]!.matnr, menge: po.lines[0]!.qty.toFixed(3), meins: 'EA',
      eindt: po.lines[0]!.expectedOn.replace(/-/g, ''), wemng: po.lines[0]!.received.toFixed(3),
    });
    // received orders carry their goods-receipt date, within the supplier's lead-time spread of the expected day
    const closed = await get('/api/v1/purchase-orders?status=closed&size=500');
    expect(closed.body.d.length).toBeGreaterThan(0);
    for (const c of closed.body.d) {
      const supplier = world.suppliers.find((x) => x.lifnr === c.lifnr)!;
      for (const i of c.items) {
        expect(i.wemng).toBe(i.menge);
        const late = (Date.parse(`${i.budat.slice(0, 4)}-${i.budat.slice(4, 6)}-${i.budat.slice(6)}`) - Date.parse(`${i.eindt.slice(0, 4)}-${i.eindt.slice(4, 6)}-${i.eindt.slice(6)}`)) / 86_400_000;
        expect(late).toBeLessThanOrEqual(Math.ceil(1.5 * supplier.leadTimeSdDays));
        expect(i.budat <= world.asOf.slice(0, 10).replace(/-/g, '')).toBe(true);
      }
    }
    expect((await get('/api/v1/purchase-orders?status=bogus')).status).toBe(400);
  });

  it('honours the fault switch', async () => {
    await expectFaultSwitch(erp, '/api/v1/vendors');
  });
});

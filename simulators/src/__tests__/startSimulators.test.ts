import { ConfigError } from '@stockgraph/shared';
import { loadConfig } from '../config';
import { startSimulators, type RunningSimulators } from '../startSimulators';

let sims: RunningSimulators;

beforeAll(async () => {
  sims = await startSimulators({ seed: 7, size: { products: 10, stores: 4, dcs: 2 } });
});
afterAll(() => sims.close());

describe('startSimulators', () => {
  it('serves one world from all four systems', async () => {
    expect(sims.world.options).toMatchObject({ seed: 7, products: 10, stores: 4, dcs: 2 });
    for (const [name, url] of Object.entries(sims.urls)) {
      expect(await (await fetch(`${url}/admin/health`)).json()).toEqual({ ok: true, system: name.toUpperCase() });
    }
    const plants = ((await (await fetch(`${sims.urls.erp}/api/v1/plants`)).json()) as { d: { werks: string }[] }).d.map((p) => p.werks);
    const nodes = ((await (await fetch(`${sims.urls.oms}/oms/v2/nodes`)).json()) as { items: { node_id: string }[] }).items.map((n) => n.node_id);
    expect(nodes).toEqual(plants.map((p) => `N-${p}`));
    const storeRows = (await (await fetch(`${sims.urls.pos}/pos/stores`)).text()).trim().split('\r\n');
    expect(storeRows).toHaveLength(1 + 4);
  });

  it('counts legacy calls per system until reset', async () => {
    for (const sim of [sims.erp, sims.wms, sims.pos, sims.oms]) sim.reset();
    await fetch(`${sims.urls.erp}/api/v1/vendors`);
    await fetch(`${sims.urls.erp}/api/v1/vendors`);
    expect(sims.erp.calls.snapshot()).toEqual({ count: 2, paths: { '/api/v1/vendors': 2 } });
    expect(sims.wms.calls.snapshot().count).toBe(0);
    sims.erp.reset();
    expect(sims.erp.calls.snapshot().count).toBe(0);
  });

  it('answers 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await fetch(`${sims.urls.oms}/nope`)).status).toBe(404);
    const wrong = await fetch(`${sims.urls.erp}/api/v1/vendors`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

describe('config', () => {
  it('defaults to the documented ports, seed and size', () => {
    expect(loadConfig({})).toEqual({ ERP_PORT: 4301, WMS_PORT: 4302, POS_PORT: 4303, OMS_PORT: 4304, SIM_HOST: '127.0.0.1', SIM_SEED: 42, SIM_SIZE: 'default' });
    expect(loadConfig({ SIM_SIZE: 'bench', ERP_PORT: '5000' })).toMatchObject({ SIM_SIZE: 'bench', ERP_PORT: 5000 });
  });

  it('reports every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({ ERP_PORT: 'x', SIM_SIZE: 'huge' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/ERP_PORT/);
    expect(message).toMatch(/SIM_SIZE/);
  });
});

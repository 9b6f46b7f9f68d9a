import { loadUnificationConfig } from '../config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', GATEWAY_SIGNING_SECRET: 's'.repeat(32) };

describe('unification subgraph config (src/main.ts)', () => {
  it('needs Redis and the signing secret when run alone', () => {
    expect(() => loadUnificationConfig({ GATEWAY_SIGNING_SECRET: base.GATEWAY_SIGNING_SECRET })).toThrow(/REDIS_URL/);
    expect(() => loadUnificationConfig({ REDIS_URL: base.REDIS_URL })).toThrow(/GATEWAY_SIGNING_SECRET/);
  });

  it('reads every legacy system URL, with the simulators as defaults', () => {
    const c = loadUnificationConfig({ ...base, WMS_URL: 'http://wms.internal:8080' });
    expect(c).toMatchObject({ UNIFICATION_PORT: 4001, ERP_URL: 'http://127.0.0.1:4301', WMS_URL: 'http://wms.internal:8080', CATALOG_SYNC_MS: 900_000 });
  });
});

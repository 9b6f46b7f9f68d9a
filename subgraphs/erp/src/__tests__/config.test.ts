import { ConfigError } from '@stockgraph/shared/config';
import { loadErpConfig } from '../config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', GATEWAY_SIGNING_SECRET: 's'.repeat(32) };

describe('ERP subgraph config (src/main.ts)', () => {
  it('needs Redis and the signing secret, and says so for both at once', () => {
    let message = '';
    try { loadErpConfig({}); } catch (err) { expect(err).toBeInstanceOf(ConfigError); message = (err as Error).message; }
    expect(message).toMatch(/REDIS_URL/);
    expect(message).toMatch(/GATEWAY_SIGNING_SECRET/);
  });

  it('refuses a signing secret shorter than the gateway accepts', () => {
    expect(() => loadErpConfig({ ...base, GATEWAY_SIGNING_SECRET: 'short' })).toThrow(/GATEWAY_SIGNING_SECRET/);
  });

  it('defaults to the ports of npm start and a 15-minute batch, and reads overrides', () => {
    expect(loadErpConfig(base)).toMatchObject({ ERP_SUBGRAPH_PORT: 4002, ERP_URL: 'http://127.0.0.1:4301', ERP_BATCH_MS: 900_000, KEY_PREFIX: 'sg:' });
    expect(loadErpConfig({ ...base, ERP_SUBGRAPH_PORT: '5002', ERP_BATCH_MS: '0' })).toMatchObject({ ERP_SUBGRAPH_PORT: 5002, ERP_BATCH_MS: 0 });
  });
});

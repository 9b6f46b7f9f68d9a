import { loadWmsConfig } from '../config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', GATEWAY_SIGNING_SECRET: 's'.repeat(32) };

describe('WMS subgraph config (src/main.ts)', () => {
  it('needs Redis: the delta cursor must survive a restart', () => {
    expect(() => loadWmsConfig({ GATEWAY_SIGNING_SECRET: base.GATEWAY_SIGNING_SECRET })).toThrow(/REDIS_URL/);
  });

  it('polls every second by default; 0 turns the poller off', () => {
    expect(loadWmsConfig(base)).toMatchObject({ WMS_SUBGRAPH_PORT: 4003, WMS_URL: 'http://127.0.0.1:4302', WMS_POLL_MS: 1000 });
    expect(loadWmsConfig({ ...base, WMS_POLL_MS: '0' }).WMS_POLL_MS).toBe(0);
  });

  it('refuses a negative interval', () => {
    expect(() => loadWmsConfig({ ...base, WMS_POLL_MS: '-5' })).toThrow(/WMS_POLL_MS/);
  });
});

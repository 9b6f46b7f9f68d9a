import { loadPosConfig } from '../config';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', GATEWAY_SIGNING_SECRET: 's'.repeat(32), POS_WEBHOOK_SECRET: 'w'.repeat(16) };

describe('POS subgraph config (src/main.ts)', () => {
  it('needs a webhook secret of some length: it is what makes pushed sales trustworthy', () => {
    const { POS_WEBHOOK_SECRET: _, ...noSecret } = base;
    expect(() => loadPosConfig(noSecret)).toThrow(/POS_WEBHOOK_SECRET/);
    expect(() => loadPosConfig({ ...base, POS_WEBHOOK_SECRET: 'short' })).toThrow(/POS_WEBHOOK_SECRET/);
  });

  it('derives the webhook URL from its own address unless told (POS_WEBHOOK_URL must be a URL)', () => {
    expect(loadPosConfig(base).POS_WEBHOOK_URL).toBeUndefined();
    expect(loadPosConfig({ ...base, POS_WEBHOOK_URL: 'https://pos-feed.example/webhooks/pos' }).POS_WEBHOOK_URL).toBe('https://pos-feed.example/webhooks/pos');
    expect(() => loadPosConfig({ ...base, POS_WEBHOOK_URL: 'not a url' })).toThrow(/POS_WEBHOOK_URL/);
  });

  it('defaults to the ports of npm start', () => {
    expect(loadPosConfig(base)).toMatchObject({ POS_SUBGRAPH_PORT: 4004, POS_URL: 'http://127.0.0.1:4303' });
  });
});

// Issue 7: a subgraph killed (kill -9) mid-load gives partial answers, never a failed graph, and
// full answers again once it is back. Every part runs as its own process, as in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectTestRedis, type TestRedis } from '@stockgraph/shared/testing';
import { startSeparateStack, type SeparateStack } from '../../scripts/separateStack';
import { DEMO_API_KEYS } from '../../scripts/demoKeys';
import { gql } from '../support/gql';

jest.setTimeout(240_000);

const KEY = 'demo-planner-key-0001';
const QUERY = `query($skus: [ID!]!, $id: ID!) {
  availability(skus: $skus, channel: DTC) { sku { id } availableToSell }
  sku(id: $id) { id cost { amount } }
}`;

describe('a subgraph killed mid-load', () => {
  let redis: TestRedis;
  let s: SeparateStack;
  let logDir: string;

  beforeAll(async () => {
    redis = await connectTestRedis('subgraph-killed');
    logDir = mkdtempSync(join(tmpdir(), 'sg-killed-'));
    s = await startSeparateStack({
      redisUrl: redis.url, keyPrefix: redis.prefix, signingSecret: randomBytes(32).toString('hex'), webhookSecret: 'kill-test-webhook-secret',
      logDir, gatewayAuth: () => ({ apiKeys: { [KEY]: DEMO_API_KEYS[KEY]! }, assortments: {} }),
      gatewayEnv: { RATE_LIMIT_ENABLED: 'false', SUBGRAPH_TIMEOUT_MS: '3000' },
    });
  });
  afterAll(async () => {
    await s?.close();
    await redis?.cleanup();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('answers availability with an error for the ERP fields while the ERP subgraph is dead, and everything once it is back', async () => {
    const id = s.skuIds[0]!;
    const ask = () => gql(s.gatewayUrl, QUERY, { skus: [id], id }, KEY);
    const healthy = await ask();
    expect(healthy.errors).toBeUndefined();
    expect(healthy.data!.sku.cost.amount).toBeGreaterThan(0);

    // load running while the process dies
    let stop = false;
    const statuses: number[] = [];
    const load = (async () => { while (!stop) statuses.push((await ask()).status); })();
    await new Promise((r) => setTimeout(r, 300));
    process.kill(s.processes.erp!.pid, 'SIGKILL');
    await s.processes.erp!.exited;

    const during = await ask();
    expect(during.status).toBe(200);
    expect(during.data!.availability[0]).toEqual({ sku: { id }, availableToSell: healthy.data!.availability[0].availableToSell });
    expect(during.data!.sku.id).toBe(id);
    expect(during.data!.sku.cost).toBeNull();
    expect(during.errors?.length).toBeGreaterThan(0);
    // no subgraph address or internals reach the client
    expect(JSON.stringify(during.errors)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|localhost/);

    await s.respawn('erp');
    let after = await ask();
    for (let i = 0; i < 40 && after.errors; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await ask();
    }
    stop = true;
    await load;
    expect(after.errors).toBeUndefined();
    expect(after.data!.sku.cost.amount).toBe(healthy.data!.sku.cost.amount);
    // never a failed request as a whole during the outage
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((st) => st === 200)).toBe(true);
  });
});

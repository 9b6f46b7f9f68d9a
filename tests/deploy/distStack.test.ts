/**
 * Production runs the JavaScript `npm run build` writes, not the TypeScript: the simulators, every
 * subgraph and the gateway as `node dist/…/main.js` processes on Redis answer the contract's
 * storefront read and hold, and a hold shows in the ledger. (.ci/run builds first; the test builds
 * when dist/ is missing.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectTestRedis, type TestRedis } from '@stockgraph/shared/testing';
import { RedisLedger } from '@stockgraph/shared/ledger';
import { startSeparateStack, type SeparateStack } from '../../scripts/separateStack';
import { BUILD_ENTRY_POINTS } from '../../scripts/build';
import { REPO_ROOT, readRssKb } from '../../scripts/spawnProcess';
import { contractOperation } from '../support/contract';
import { gqlData } from '../support/gql';

jest.setTimeout(300_000);

const KEY = 'dist-storefront-key-0123456789';
let redis: TestRedis;
let s: SeparateStack;
let logDir: string;

beforeAll(async () => {
  if (BUILD_ENTRY_POINTS.some((e) => !existsSync(join(REPO_ROOT, 'dist', e.replace(/\.ts$/, '.js'))))) {
    const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  redis = await connectTestRedis('dist-stack');
  logDir = mkdtempSync(join(tmpdir(), 'sg-dist-'));
  s = await startSeparateStack({
    mode: 'dist', redisUrl: redis.url, keyPrefix: redis.prefix, signingSecret: randomBytes(32).toString('hex'), webhookSecret: 'dist-test-webhook-secret',
    logDir, gatewayAuth: () => ({ apiKeys: { [KEY]: { clientId: 'storefront', channel: 'DTC', scopes: ['holds:write'] } }, assortments: {} }),
    gatewayEnv: { RATE_LIMIT_ENABLED: 'false' },
  });
});
afterAll(async () => {
  await s?.close();
  await redis?.cleanup();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
});

it('every process is node running a dist bundle, and the storefront reads and holds through them', async () => {
  for (const p of Object.values(s.processes)) {
    const cmdline = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
    expect({ name: p.name, tsx: cmdline.includes('tsx'), script: cmdline.find((a) => a.includes('/dist/')) })
      .toEqual({ name: p.name, tsx: false, script: expect.stringMatching(/\/dist\/.*main\.js$/) });
    expect(readRssKb(p.pid)).toBeGreaterThan(0);
  }
  const sku = s.skuIds[0]!;
  const read = await gqlData<any>(s.gatewayUrl, contractOperation('storefront.graphql', 'ProductAvailability'), { skus: [sku], channel: 'DTC' }, KEY);
  expect(read.availability[0].sku.id).toBe(sku);
  const ledger = new RedisLedger({ redis: redis.redis, prefix: redis.prefix });
  try {
    const [positions] = await ledger.getPositionsForSkus([sku]);
    const at = positions!.find((p) => p.onHand - p.reserved - p.safetyStock > 0)!;
    const held = await gqlData<any>(s.gatewayUrl, contractOperation('storefront.graphql', 'HoldCart'), { input: { channel: 'DTC', lines: [{ sku, locationId: at.locationId, quantity: 1 }] } }, KEY);
    expect(held.reserve.userErrors).toEqual([]);
    const [after] = await ledger.getPositionsForSkus([sku]);
    expect(after!.find((p) => p.locationId === at.locationId)!.reserved).toBe(at.reserved + 1);
  } finally {
    await ledger.close();
  }
});

import { RedisLedger } from '../../ledger/RedisLedger';
import { createLogger } from '../../logger';
import { connectTestRedis, type TestRedis } from '../../testing';

/*
 * Durable acknowledgement (REDIS_ACK_REPLICAS): a stock write is answered once a replica has it.
 * On the local cluster (every master has a replica) holds are acknowledged; on a Redis with no
 * replica (the single test server) a hold is refused with REPLICA_ACK_FAILED and nothing stays
 * held. The cluster project runs this file on the cluster, the shared project on one Redis.
 */
let r: TestRedis;
let ledger: RedisLedger;
beforeAll(async () => {
  r = await connectTestRedis('replica-ack');
  ledger = new RedisLedger({ redis: r.redis, prefix: r.prefix, logger: createLogger('test', 'silent'), replicaAck: { replicas: 1, timeoutMs: 200 } });
  await ledger.loadSnapshot(['SKU-A', 'SKU-B', 'SKU-C'].map((sku) => ({ sku, locationId: 'D001', onHand: 10, at: 1, source: 'WMS' as const })));
});
afterAll(async () => {
  await ledger.close();
  await r.cleanup();
});

const hold = (holdId: string) => ledger.reserve({
  holdId, channel: 'DTC', ttlMs: 60_000, now: Date.now(),
  lines: [{ sku: 'SKU-A', locationId: 'D001', quantity: 2 }, { sku: 'SKU-B', locationId: 'D001', quantity: 1 }, { sku: 'SKU-C', locationId: 'D001', quantity: 1 }],
});
const reserved = async () => (await ledger.getPositions(['SKU-A', 'SKU-B', 'SKU-C'].map((sku) => ({ sku, locationId: 'D001' })))).map((p) => p!.reserved);

const onCluster = !!process.env.REDIS_CLUSTER_NODES;

(onCluster ? it : it.skip)('on a cluster whose masters have replicas, a hold across three slots is acknowledged once replicated, and a release too', async () => {
  const out = await hold('H-1');
  expect(out.ok).toBe(true);
  expect(await reserved()).toEqual([2, 1, 1]);
  const released = await ledger.release(out.ok ? out.reservations[0]!.id : '', Date.now());
  expect(released.ok).toBe(true);
  expect(await reserved()).toEqual([0, 1, 1]);
});

(onCluster ? it.skip : it)('on a Redis with no replica, a hold is refused with REPLICA_ACK_FAILED and taken back', async () => {
  await expect(hold('H-2')).rejects.toMatchObject({ extensions: { code: 'REPLICA_ACK_FAILED' } });
  expect(await reserved()).toEqual([0, 0, 0]);
});

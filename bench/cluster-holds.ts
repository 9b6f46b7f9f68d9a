/**
 * Holds per second on the 3-master Redis Cluster (each master with a replica) beside one Redis,
 * on the same machine and cores: the same RedisLedger.reserve, one-unit holds on 1,000 SKUs,
 * CLUSTER_HOLDS_IN_FLIGHT at once, rounds alternated. Both are private servers of this bench
 * (no persistence, as the test servers): a redis-server on a free port, and a cluster from
 * scripts/redisCluster.sh on free ports. On one machine the cluster's masters share the cores
 * with each other, their replicas and the client, so the ratio shows the overhead of the cluster
 * (routing by slot, one socket per node, replication), not how it scales across machines.
 * Writes bench/results/cluster-holds.json and prints it as its last line.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import Redis from 'ioredis';
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { RedisLedger } from '@stockgraph/shared/ledger';
import { createLogger } from '@stockgraph/shared/logger';
import { startPrivateCluster } from '../scripts/privateCluster';
import { writeResult } from './lib/writeResult';
import { holdBurst } from './lib/holdBurst';
import { startLoadWatch } from './lib/machineLoad';

const HOLDS = Number(process.env.CLUSTER_HOLDS ?? 20_000);
const IN_FLIGHT = Number(process.env.CLUSTER_HOLDS_IN_FLIGHT ?? 64);
const ROUNDS = Number(process.env.CLUSTER_HOLDS_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startOneRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--hash-max-listpack-value', '64'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    const up = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
    probe.disconnect();
    if (up) return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

async function holdsPerSecond(target: string, round: number): Promise<number> {
  const redis = createRedisClient(target);
  const ledger = new RedisLedger({ redis, prefix: `ch${round}:`, logger: createLogger('bench', 'silent') });
  try {
    const { succeeded, seconds } = await holdBurst(ledger, HOLDS, IN_FLIGHT, 'SKU-C');
    return Math.round(succeeded / seconds);
  } finally {
    await ledger.close();
    await closeRedis(redis);
  }
}

async function main(): Promise<void> {
  const load = startLoadWatch();
  const one = await startOneRedis();
  const cluster = await startPrivateCluster({ name: 'holds' });
  const single: number[] = [];
  const clustered: number[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      single.push(await holdsPerSecond(one.url, r));
      clustered.push(await holdsPerSecond(cluster.target, r));
      process.stderr.write(`[cluster-holds] round ${r + 1}: one Redis ${single[r]}/s, cluster ${clustered[r]}/s\n`);
    }
  } finally {
    one.stop();
    await cluster.stop();
  }
  writeResult('cluster-holds', {
    bench: 'cluster-holds', holdsPerRound: HOLDS, inFlight: IN_FLIGHT, rounds: ROUNDS,
    oneRedis: { holdsPerSecond: single, median: median(single) },
    cluster3x2: { holdsPerSecond: clustered, median: median(clustered) },
    clusterOverOneRedis: Math.round((median(clustered) / median(single)) * 100) / 100,
    note: 'all servers and the client on the same 2 cores: the ratio shows the overhead of the cluster, not scale',
    machine: load(),
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { clusterTarget, type RedisTarget } from '@stockgraph/shared/redis';

const run = promisify(execFile);
const SCRIPT = join(__dirname, 'redisCluster.sh');

/**
 * A Redis Cluster of a test's or benchmark's own (3 masters + 3 replicas, scripts/redisCluster.sh
 * on free ports and a directory of its own), to kill -9 a master of and heal again without
 * touching the shared one on 7101-7106.
 */
export interface PrivateCluster {
  /** host:port,… (REDIS_CLUSTER_NODES) */
  nodes: string;
  target: RedisTarget;
  ports: number[];
  /** the port of the master that serves `key`'s slot now */
  masterOf(key: string): Promise<number>;
  /** the port of that master's replica */
  replicaOf(masterPort: number): Promise<number>;
  /** SIGKILL the node on `port` (no shutdown, no save), resolved once the process is gone */
  kill9(port: number): Promise<void>;
  /** resolves once a node other than `deadPort` serves every slot and the cluster says ok */
  waitForFailover(deadPort: number, timeoutMs?: number): Promise<number>;
  /** restarts every node that is down (it rejoins as a replica) and waits until each master has one */
  heal(): Promise<void>;
  stop(): Promise<void>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** a base port whose six node ports and six cluster-bus ports (+10000) are free */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 3_000) * 10;
    const ports = [1, 2, 3, 4, 5, 6].flatMap((i) => [base + i, base + i + 10_000]);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free ports for a private Redis Cluster');
}

export async function startPrivateCluster(opts: { nodeTimeoutMs?: number; name?: string } = {}): Promise<PrivateCluster> {
  const base = await freeBase();
  const dir = join(tmpdir(), `sg-cluster-${opts.name ?? 'private'}-${process.pid}-${base}`);
  const env = { ...process.env, REDIS_CLUSTER_BASE_PORT: String(base), REDIS_CLUSTER_DIR: dir, REDIS_CLUSTER_NODE_TIMEOUT: String(opts.nodeTimeoutMs ?? 1000) };
  const script = (cmd: string) => run(SCRIPT, [cmd], { env, timeout: 60_000 });
  await script('start');
  const ports = [1, 2, 3, 4, 5, 6].map((i) => base + i);
  const nodes = ports.map((p) => `127.0.0.1:${p}`).join(',');
  const ask = async <T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return await fn(r);
    } finally {
      r.disconnect();
    }
  };
  const alive = async (port: number) => ask(port, (r) => r.ping()).then(() => true, () => false);
  /** slot ranges and their masters, as a live node sees them */
  const slots = async (except = -1): Promise<[number, number, number, number[]][]> => {
    for (const p of ports) {
      if (p === except || !(await alive(p))) continue;
      const raw = (await ask(p, (r) => r.cluster('SLOTS'))) as unknown as [number, number, [string, number], ...[string, number][]][];
      return raw.map(([from, to, master, ...replicas]) => [from, to, master[1], replicas.map((x) => x[1])]);
    }
    throw new Error('no node of the private cluster answers');
  };
  const masterOf = async (key: string) => {
    const slot = Number(await ask(ports[0]!, (r) => r.call('CLUSTER', 'KEYSLOT', key)).catch(async () => {
      for (const p of ports) if (await alive(p)) return ask(p, (r) => r.call('CLUSTER', 'KEYSLOT', key));
      throw new Error('no node answers');
    }));
    const hit = (await slots()).find(([from, to]) => slot >= from && slot <= to);
    if (!hit) throw new Error(`slot ${slot} is not served`);
    return hit[2];
  };
  return {
    nodes,
    target: clusterTarget(nodes),
    ports,
    masterOf,
    async replicaOf(masterPort) {
      const hit = (await slots()).find(([, , m]) => m === masterPort);
      if (!hit?.[3][0]) throw new Error(`master ${masterPort} has no replica`);
      return hit[3][0];
    },
    async kill9(port) {
      const pid = Number(readFileSync(join(dir, String(port), 'redis.pid'), 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 200; i++) {
        try { process.kill(pid, 0); } catch { return; }
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`redis-server ${pid} did not die`);
    },
    async waitForFailover(deadPort, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        try {
          const s = await slots(deadPort);
          const ok = await ask(s[0]![2], (r) => r.cluster('INFO')).then((i) => String(i).includes('cluster_state:ok'), () => false);
          const covered = s.reduce((n, [from, to]) => n + (to - from + 1), 0) === 16384;
          if (ok && covered && s.every(([, , m]) => m !== deadPort)) return Date.now();
        } catch {
          // a node is between states: ask again
        }
        if (Date.now() > until) throw new Error(`no replica took over from ${deadPort} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async heal() { await script('heal'); },
    async stop() { await script('stop'); },
  };
}

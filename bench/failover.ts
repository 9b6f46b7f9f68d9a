/**
 * What a Redis Cluster failover does to acknowledged holds, with asynchronous replication (the
 * default) and with durable acknowledgement (REDIS_ACK_REPLICAS=1: each stock write waits for a
 * replica, WAIT 1). On a private 3+3 cluster (node timeout 1 s), per run: one-unit holds through
 * RedisLedger.reserve, FAILOVER_IN_FLIGHT at once; after FAILOVER_KILL_AFTER acknowledged holds the
 * master of a third of the SKUs is kill -9ed; holds go on until a replica has taken over and one
 * more second; then every acknowledged hold is looked up. The killed node is started again (it
 * rejoins as a replica) before the next run. Latency: each hold acknowledged before the kill.
 * Writes bench/results/failover.json and prints it as its last line.
 */
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { RedisLedger } from '@stockgraph/shared/ledger';
import { createLogger } from '@stockgraph/shared/logger';
import { startPrivateCluster, type PrivateCluster } from '../scripts/privateCluster';
import { writeResult } from './lib/writeResult';
import { startLoadWatch } from './lib/machineLoad';

const RUNS = Number(process.env.FAILOVER_RUNS ?? 5);
const IN_FLIGHT = Number(process.env.FAILOVER_IN_FLIGHT ?? 32);
const KILL_AFTER = Number(process.env.FAILOVER_KILL_AFTER ?? 3000);
const SKUS = 300;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!, 3);
};

interface Run { acknowledged: number; acknowledgedOnKilledShard: number; presentAfter: number; lost: number; failed: number; failedCodes: Record<string, number>; failoverMs: number; holdsPerSecondBeforeKill: number }

async function oneRun(cluster: PrivateCluster, replicas: number, run: number, latencies: number[]): Promise<Run> {
  const redis = createRedisClient(cluster.target);
  redis.on('error', () => undefined);
  const ledger = new RedisLedger({ redis, prefix: `fo${run}:`, logger: createLogger('bench', 'silent'), replicaAck: { replicas, timeoutMs: 500 } });
  const skus = Array.from({ length: SKUS }, (_, i) => `SKU-F${run}-${i}`);
  try {
    await ledger.loadSnapshot(skus.map((sku) => ({ sku, locationId: 'D001', onHand: 1_000_000, at: 1, source: 'WMS' as const })));
    const victim = await cluster.masterOf(`fo${run}:{${skus[0]}}:pos`);
    const onVictim = new Set<string>();
    for (const sku of skus) if ((await cluster.masterOf(`fo${run}:{${sku}}:pos`)) === victim) onVictim.add(sku);
    const acked: { id: string; sku: string }[] = [];
    const failedCodes: Record<string, number> = {};
    let failed = 0;
    let killedAt = 0;
    let stopAt = Infinity;
    let next = 0;
    const started = Date.now();
    let rateBeforeKill = 0;
    const kill = (async () => {
      while (acked.length < KILL_AFTER) await new Promise((r) => setTimeout(r, 2));
      rateBeforeKill = acked.length / ((Date.now() - started) / 1000);
      killedAt = Date.now();
      await cluster.kill9(victim);
      const over = await cluster.waitForFailover(victim);
      stopAt = Date.now() + 1000;
      return over - killedAt;
    })();
    const worker = async () => {
      while (Date.now() < stopAt) {
        const sku = skus[next++ % SKUS]!;
        const t0 = process.hrtime.bigint();
        try {
          const r = await ledger.reserve({ holdId: `H-${next}`, channel: 'DTC', lines: [{ sku, locationId: 'D001', quantity: 1 }], ttlMs: 3_600_000, now: Date.now() });
          if (!r.ok) throw new Error('INSUFFICIENT_STOCK');
          if (!killedAt) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          acked.push({ id: r.reservations[0]!.id, sku });
        } catch (err) {
          failed++;
          const code = String((err as { extensions?: { code?: string } }).extensions?.code ?? (err as Error).message.split(/[:\n]/)[0]).slice(0, 60);
          failedCodes[code] = (failedCodes[code] ?? 0) + 1;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const [failoverMs] = await Promise.all([kill, ...Array.from({ length: IN_FLIGHT }, worker)]);
    let present = 0;
    for (let i = 0; i < acked.length; i += 500) {
      const found = await ledger.getReservations(acked.slice(i, i + 500).map((a) => a.id));
      present += found.filter((r) => r?.status === 'ACTIVE').length;
    }
    return {
      acknowledged: acked.length, acknowledgedOnKilledShard: acked.filter((a) => onVictim.has(a.sku)).length, presentAfter: present, lost: acked.length - present,
      failed, failedCodes, failoverMs: failoverMs as number, holdsPerSecondBeforeKill: Math.round(rateBeforeKill),
    };
  } finally {
    await ledger.close();
    await closeRedis(redis);
  }
}

async function main(): Promise<void> {
  const load = startLoadWatch();
  const cluster = await startPrivateCluster({ name: 'bench', nodeTimeoutMs: 1000 });
  const out: Record<string, unknown> = {};
  try {
    for (const [mode, replicas] of [['asynchronous', 0], ['REDIS_ACK_REPLICAS=1', 1]] as const) {
      const runs: Run[] = [];
      const latencies: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        process.stderr.write(`[failover] ${mode} run ${i + 1}/${RUNS}\n`);
        runs.push(await oneRun(cluster, replicas, runs.length + (replicas ? 100 : 0), latencies));
        process.stderr.write(`[failover]   ${JSON.stringify(runs[runs.length - 1])}\n`);
        await cluster.heal();
      }
      out[mode] = {
        runs,
        acknowledged: runs.reduce((n, r) => n + r.acknowledged, 0),
        lost: runs.reduce((n, r) => n + r.lost, 0),
        runsWithLoss: runs.filter((r) => r.lost > 0).length,
        holdLatencyMs: { p50: pct(latencies, 50), p99: pct(latencies, 99), samples: latencies.length },
        holdsPerSecondBeforeKill: runs.map((r) => r.holdsPerSecondBeforeKill),
      };
    }
  } finally {
    await cluster.stop();
  }
  writeResult('failover', {
    bench: 'failover', cluster: '3 masters + 3 replicas on loopback, cluster-node-timeout 1000 ms, no persistence', inFlight: IN_FLIGHT, killAfterAcknowledged: KILL_AFTER, runsPerMode: RUNS,
    ...out, machine: load(),
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});

/**
 * What ioredis pipelines leave to the garbage collector (patches/ioredis+5.11.1.patch).
 * Unpatched, ioredis defines `length` on every Pipeline with a closure of its own: V8 gives each
 * pipeline a hidden class of its own in old space, pointing at the young pipeline, so pipelines
 * and what they hold survive scavenges. A child process loops over one-PING pipelines under
 * `--trace-gc-nvp`, as installed and with that per-instance accessor put back by hand, alternated;
 * this reads its scavenges. Writes bench/results/pipeline-gc.json and prints it as its last line.
 */
import { spawnSync } from 'node:child_process';
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { writeResult } from './lib/writeResult';

const MODES = ['asInstalled', 'perInstanceAccessor'] as const;
type Mode = (typeof MODES)[number];
const LOOPS = Number(process.env.BENCH_PIPELINES ?? 20_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
/** the first scavenges run while the loop warms up */
const SKIP = 3;

async function child(mode: Mode): Promise<void> {
  const redis = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    for (let i = 0; i < LOOPS; i++) {
      const p = redis.pipeline();
      if (mode === 'perInstanceAccessor') {
        const queue = (p as unknown as { _queue: unknown[] })._queue;
        Object.defineProperty(p, 'length', { get: () => queue.length });
      }
      p.ping();
      await p.exec();
      // what a request allocates beside its Redis call, all of it garbage at the next request
      const scratch: object[] = [];
      for (let j = 0; j < 300; j++) scratch.push({ j });
    }
    const own = Object.getOwnPropertyDescriptor(redis.pipeline(), 'length') !== undefined;
    process.stdout.write(`OWN_LENGTH=${own}\n`);
  } finally {
    await closeRedis(redis);
  }
}

interface Scavenges { scavenges: number; survivedPct: number; promotedKbPerScavenge: number; meanPauseMs: number; ownLengthAccessor: boolean }

function measure(mode: Mode): Scavenges {
  const r = spawnSync(process.execPath, ['--trace-gc-nvp', '--import', 'tsx', __filename, '--child', mode], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  const rows = r.stdout.split('\n').filter((l) => l.includes(' gc=s ')).slice(SKIP).map((l) => {
    const f = Object.fromEntries(l.trim().split(/\s+/).filter((kv) => kv.includes('=')).map((kv) => kv.split('=') as [string, string]));
    return { pause: Number(f.pause), survived: Number(f.new_space_survived), allocated: Number(f.allocated), promoted: Number(f.promoted) };
  });
  if (rows.length === 0) throw new Error(`child ${mode}: no scavenges to read`);
  const sum = (k: keyof (typeof rows)[number]) => rows.reduce((a, x) => a + x[k], 0);
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    scavenges: rows.length,
    survivedPct: round((100 * sum('survived')) / sum('allocated')),
    promotedKbPerScavenge: round(sum('promoted') / rows.length / 1024, 1),
    meanPauseMs: round(sum('pause') / rows.length),
    ownLengthAccessor: r.stdout.includes('OWN_LENGTH=true'),
  };
}

async function main(): Promise<void> {
  const check = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await check.ping().finally(() => closeRedis(check));
  const runs: Record<Mode, Scavenges[]> = { asInstalled: [], perInstanceAccessor: [] };
  for (let i = 0; i < REPEATS; i++) for (const m of MODES) runs[m].push(measure(m));
  writeResult('pipeline-gc', {
    bench: 'pipeline-gc', pipelines: LOOPS, repeats: REPEATS, runs,
    note: 'one-PING pipelines on an auto-pipelining client, 300 small objects of garbage per loop; survivedPct: bytes surviving a scavenge over bytes allocated since the last one, after the first scavenges. asInstalled.ownLengthAccessor false means the patch is applied',
  });
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as Mode).catch((err) => { process.stderr.write(`${(err as Error).stack}\n`); process.exit(1); });
} else {
  main().catch((err) => { process.stderr.write(`${(err as Error).stack}\n`); process.exit(1); });
}

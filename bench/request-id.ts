/**
 * What carrying the gateway's request id into a subgraph's logs costs (shared/src/logger.ts:
 * AsyncLocalStorage per request, a child logger per request, a mixin per line). One subgraph
 * process (bench/lib/requestIdSubgraphMain.ts) answers the same signed request with and without
 * `x-request-id`, alternated; the ratio is taken within each pair. Writes
 * bench/results/request-id.json and prints it as its last line.
 *
 *   npm run bench -- request-id          # BENCH_REPEATS=3 BENCH_DURATION_S=5 BENCH_CONNECTIONS=16
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { IDENTITY_HEADER, signIdentity, type Identity } from '@stockgraph/shared/auth';
import { freePorts, spawnProcess } from '../scripts/spawnProcess';
import { graphqlRequest, runLoad, type LoadRequest } from './lib/loadTest';
import { startLoadWatch } from './lib/machineLoad';
import { round, spread } from './lib/stats';
import { writeResult } from './lib/writeResult';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECRET = randomUUID() + randomUUID();
const identity: Identity = { clientId: 'bench', channel: 'DTC', partnerId: null, assortment: null, scopes: ['storefront:read'], anonymous: false };

async function main(): Promise<void> {
  const [port] = await freePorts(1);
  const server = await spawnProcess({
    name: 'request-id-subgraph', script: 'bench/lib/requestIdSubgraphMain.ts',
    env: { PORT: String(port), SECRET }, healthUrls: [`http://127.0.0.1:${port}/health`],
    logDir: mkdtempSync(join(tmpdir(), 'request-id-bench-')),
  });
  const load = startLoadWatch();
  const url = `http://127.0.0.1:${port}`;
  // the identity is signed once for the run (it carries a time; 5 s runs stay well inside its lifetime)
  const request = (withId: boolean): LoadRequest[] => Array.from({ length: 64 }, (_, i) => graphqlRequest('/graphql', 'query($n:Int!){work(n:$n)}', { n: i }, {
    [IDENTITY_HEADER]: signIdentity(identity, SECRET, Date.now()), ...(withId ? { 'x-request-id': randomUUID() } : {}),
  }));
  const verify = (b: string) => b.startsWith('{"data"');
  const runs: { without: number; with: number; p99Without: number; p99With: number }[] = [];
  try {
    await runLoad({ url, requests: request(true), verify, connections: CONNECTIONS, durationS: 2 }); // warm-up
    for (let r = 0; r < REPEATS; r++) {
      const a = await runLoad({ url, requests: request(false), verify, connections: CONNECTIONS, durationS: DURATION_S, pid: server.pid });
      const b = await runLoad({ url, requests: request(true), verify, connections: CONNECTIONS, durationS: DURATION_S, pid: server.pid });
      if (a.errors || b.errors) throw new Error(`errors in run ${r}: ${a.errors} without ids, ${b.errors} with`);
      runs.push({ without: a.rps, with: b.rps, p99Without: a.p99, p99With: b.p99 });
      process.stderr.write(`[request-id] run ${r + 1}: ${a.rps} req/s without ids, ${b.rps} with\n`);
    }
  } finally {
    await server.stop();
  }
  const ratios = runs.map((x) => x.with / x.without);
  writeResult('request-id', {
    what: 'a trivial subgraph (startSubgraph, info level) answering with and without x-request-id, alternated; ratio within each pair',
    settings: { repeats: REPEATS, durationS: DURATION_S, connections: CONNECTIONS },
    rpsWithout: spread(runs.map((x) => x.without)),
    rpsWith: spread(runs.map((x) => x.with)),
    p99MsWithout: spread(runs.map((x) => x.p99Without)),
    p99MsWith: spread(runs.map((x) => x.p99With)),
    withOverWithout: spread(ratios, 3),
    costPct: round((1 - spread(ratios, 4).median) * 100, 1),
    runs,
    machine: load(),
  });
}

main().catch((e) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });

/**
 * The freshness benchmark's shopper and till, in a worker thread of their own. The bench runner's
 * main thread holds the loaded world (the registry, the scenario data) in a heap of hundreds of
 * MB; its collector pauses landed inside the measured intervals and counted as our latency. Here the probe has a small heap of its own and its own ledger change feed, so what it
 * times is the system's path, not the harness's pauses.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { GeoPoint } from '@stockgraph/shared/domain';
import { createStores } from '@stockgraph/shared/stores';
import { firstMessage, startTsWorker } from './tsWorker';

export interface ProbeSale { sku: string; storeNo: string; barcode: string; near: GeoPoint | undefined }

export interface ProbeInput {
  sales: ProbeSale[];
  gatewayUrl: string;
  posUrl: string;
  /** the subgraphs' Redis and key prefix: the ledger whose change events the probe listens to */
  redisUrl: string;
  keyPrefix: string;
  query: string;
  salesPerSecond: number;
  pollGapMs: number;
  giveUpMs: number;
}

export interface ProbeResult {
  /** before the sale's POST → the first storefront answer showing it */
  latencies: number[];
  /** before the sale's POST → the ledger change event for its SKU reaching this thread */
  committedMs: number[];
  /** the POS's answer to the sale */
  saleMs: number[];
  polls: number[];
  missed: number;
  failed: number;
  errors: string[];
  elapsedS: number;
}

interface Answer { data?: { availability?: ({ availableToSell?: number } | null)[] } }

/**
 * A POST on a kept-alive node:http socket, not timedPost's fetch: with fetch (and its abort
 * signal per request) the probe thread used 0.19 cores against 0.13 this way, and that run's p99
 * was 64.8 ms against 37.0 ms in the next run with this client (one run each, 5 December).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const json = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.on('error', reject);
    req.end(json);
  });
}

async function probe(input: ProbeInput): Promise<ProbeResult> {
  const out: ProbeResult = { latencies: [], committedMs: [], saleMs: [], polls: [], missed: 0, failed: 0, errors: [], elapsedS: 0 };
  const saleStarted = new Map<string, number>();
  // the ledger's change events, as every subgraph's cache receives them
  const stores = await createStores(input.redisUrl, { prefix: input.keyPrefix });
  const stopWatching = stores.ledger.onChange((keys) => {
    const at = performance.now();
    for (const { sku } of keys) {
      const t0 = saleStarted.get(sku);
      if (t0 !== undefined) { out.committedMs.push(at - t0); saleStarted.delete(sku); }
    }
  });
  await stores.ledger.changesReady?.();

  const read = async (s: ProbeSale): Promise<number> => {
    const r = await post(input.gatewayUrl, { query: input.query, variables: { skus: [s.sku], channel: 'DTC', near: s.near, radiusKm: 25 } });
    let ats: unknown;
    try { ats = (JSON.parse(r.text) as Answer).data?.availability?.[0]?.availableToSell; } catch { ats = undefined; }
    if (typeof ats !== 'number') throw new Error(`storefront query failed: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    return ats;
  };
  const one = async (s: ProbeSale) => {
    try {
      const before = await read(s);
      const t0 = performance.now();
      saleStarted.set(s.sku, t0);
      const sale = post(`${input.posUrl}/pos/stores/${s.storeNo}/sales`, { lines: [{ barcode: s.barcode, qty: 1 }] }).then((r) => {
        if (r.status < 200 || r.status >= 300) throw new Error(`POS sale answered HTTP ${r.status}`);
        out.saleMs.push(performance.now() - t0);
      });
      // a poll that fails leaves the loop before `await sale`: its failure is counted there, not thrown at the thread
      sale.catch(() => undefined);
      let n = 0;
      for (;;) {
        n++;
        const now = await read(s);
        // a sale can only lower the figure; a hold expiring elsewhere would raise it
        if (now < before) { out.latencies.push(performance.now() - t0); break; }
        if (performance.now() - t0 > input.giveUpMs) { out.missed++; break; }
        if (input.pollGapMs > 0) await new Promise((r) => setTimeout(r, input.pollGapMs));
      }
      out.polls.push(n);
      await sale;
    } catch (err) {
      out.failed++;
      if (out.errors.length < 3) out.errors.push((err as Error).message);
    }
  };
  const gapMs = 1000 / input.salesPerSecond;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < input.sales.length; i++) {
    const wait = started + i * gapMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(one(input.sales[i]!));
  }
  await Promise.all(inFlight);
  out.elapsedS = (performance.now() - started) / 1000;
  stopWatching();
  await stores.close();
  agent.destroy();
  return out;
}

/** Runs the probe in a worker thread and resolves with what it measured. */
export async function probeInWorker(input: ProbeInput): Promise<ProbeResult> {
  return firstMessage<ProbeResult>(startTsWorker(__filename, input));
}

if (!isMainThread && (workerData as ProbeInput | undefined)?.keyPrefix !== undefined) {
  probe(workerData as ProbeInput).then((r) => parentPort!.postMessage(r), (err: Error) => { throw err; });
}

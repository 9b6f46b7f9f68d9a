/**
 * The freshness benchmark's shopper and till, in a worker thread of their own. The bench runner's
 * main thread holds the loaded world (the registry, the scenario data) in a heap of hundreds of
 * MB; its collector pauses of 10–100 ms landed inside the measured intervals and counted as our
 * latency. Here the probe has a small heap of its own, plain node:http on kept-alive sockets and
 * its own Redis subscription, so what it times is the system's path, not the harness's pauses.
 */
import { request, Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { GeoPoint } from '@stockgraph/shared/domain';
import { parseChangeMessage } from '@stockgraph/shared/ledger';
import { createSubscriberClient, closeRedis } from '@stockgraph/shared/redis';

export interface ProbeSale { sku: string; storeNo: string; barcode: string; near: GeoPoint | undefined }

export interface ProbeInput {
  sales: ProbeSale[];
  gatewayUrl: string;
  posUrl: string;
  redisUrl: string;
  changeChannels: string[];
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

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function probe(input: ProbeInput): Promise<ProbeResult> {
  const out: ProbeResult = { latencies: [], committedMs: [], saleMs: [], polls: [], missed: 0, failed: 0, errors: [], elapsedS: 0 };
  const saleStarted = new Map<string, number>();
  const sub = createSubscriberClient(input.redisUrl);
  sub.on('message', (_channel: string, message: string) => {
    const at = performance.now();
    for (const { sku } of parseChangeMessage(message)) {
      const t0 = saleStarted.get(sku);
      if (t0 !== undefined) { out.committedMs.push(at - t0); saleStarted.delete(sku); }
    }
  });
  await sub.subscribe(...input.changeChannels);

  const read = async (s: ProbeSale): Promise<number> => {
    const r = await post(input.gatewayUrl, JSON.stringify({ query: input.query, variables: { skus: [s.sku], channel: 'DTC', near: s.near, radiusKm: 25 } }));
    let ats: unknown;
    try { ats = (JSON.parse(r.text) as { data?: { availability?: { availableToSell?: number }[] } }).data?.availability?.[0]?.availableToSell; } catch { ats = undefined; }
    if (typeof ats !== 'number') throw new Error(`storefront query failed: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    return ats;
  };
  const one = async (s: ProbeSale) => {
    try {
      const before = await read(s);
      const t0 = performance.now();
      saleStarted.set(s.sku, t0);
      const sale = post(`${input.posUrl}/pos/stores/${s.storeNo}/sales`, JSON.stringify({ lines: [{ barcode: s.barcode, qty: 1 }] })).then((r) => {
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
  await closeRedis(sub);
  agent.destroy();
  return out;
}

/** Runs the probe in a worker thread (under tsx when the runner is) and resolves with what it measured. */
export function probeInWorker(input: ProbeInput): Promise<ProbeResult> {
  const worker = new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(__filename)});`, { eval: true, workerData: input });
  return new Promise((resolve, reject) => {
    worker.once('message', (r: ProbeResult) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the freshness probe exited (${code}) before answering`)));
  });
}

if (!isMainThread && (workerData as ProbeInput | undefined)?.changeChannels) {
  probe(workerData as ProbeInput).then((r) => parentPort!.postMessage(r), (err: Error) => { throw err; });
}

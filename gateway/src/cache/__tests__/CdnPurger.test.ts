import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@stockgraph/shared';
import { waitFor } from '@stockgraph/shared/testing';
import { createSubgraphFetcher } from '../../subgraphs/subgraphFetcher';
import { CdnPurger } from '../CdnPurger';

/** a local HTTP server standing in for the CDN's purge API */
let server: http.Server;
let url: string;
let status = 200;
const calls: { auth?: string; body: any }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      res.statusCode = status;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  calls.length = 0;
  status = 200;
});

const purger = (o: { batchSize?: number; intervalMs?: number } = {}) =>
  new CdnPurger({ url, authorization: 'Bearer t', batchSize: o.batchSize ?? 3, intervalMs: o.intervalMs ?? 50, fetch: createSubgraphFetcher(2000), logger: createLogger('test', 'silent') });

it('gathers changed SKUs for an interval and sends them in one call, each once', async () => {
  const p = purger({ batchSize: 100 });
  p.changed(['A', 'B']);
  p.changed(['B', 'C']);
  expect(calls).toHaveLength(0);
  await waitFor(async () => calls.length, (n) => n === 1, { what: 'the purge call', timeoutMs: 2000 });
  expect(calls[0]).toEqual({ auth: 'Bearer t', body: { tags: ['A', 'B', 'C'] } });
  await p.close();
});

it('sends a full batch at once, and splits what is over the batch size', async () => {
  const p = purger({ batchSize: 3, intervalMs: 60_000 });
  p.changed(['A', 'B', 'C', 'D']);
  await p.flush();
  expect(calls.map((c) => c.body)).toEqual([{ tags: ['A', 'B', 'C', 'D'].slice(0, 3) }, { tags: ['D'] }]);
  await p.close();
});

it('asks to purge everything when anything may have changed', async () => {
  const p = purger();
  p.changed(['A']);
  p.changed(null);
  await p.flush();
  expect(calls.map((c) => c.body)).toEqual([{ purgeEverything: true }]);
  expect(p.stats).toMatchObject({ purgeEverything: 1, failures: 0 });
  await p.close();
});

it('counts a refused call as a failure and goes on', async () => {
  const p = purger();
  status = 500;
  p.changed(['A']);
  await p.flush();
  status = 200;
  p.changed(['B']);
  await p.flush();
  expect(p.stats).toMatchObject({ calls: 1, failures: 1, tags: 1 });
  await p.close();
});

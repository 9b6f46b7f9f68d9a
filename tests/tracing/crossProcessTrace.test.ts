/**
 * OpenTelemetry across processes: a client request to the gateway (one process) becomes one trace
 * that continues in the subgraph (another process) down to its Redis command. Each process
 * records its spans in an in-memory exporter (tests/tracing/fixtures/tracedProcess.ts); the test
 * joins them by trace id and parent span id (W3C traceparent on the gateway → subgraph call).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';

interface Span { name: string; kind: number; traceId: string; spanId: string; parentSpanId: string | null; service: string; attributes: Record<string, unknown> }

const FIXTURE = path.join(__dirname, 'fixtures/tracedProcess.ts');
const children: ChildProcessWithoutNullStreams[] = [];

jest.setTimeout(60_000);
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function start(role: string, env: Record<string, string> = {}): { child: ChildProcessWithoutNullStreams; next(tag: string): Promise<unknown> } {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, role], { env: { ...process.env, ...env, JEST_WORKER_ID: '' }, cwd: path.resolve(__dirname, '../..') });
  children.push(child);
  let buffer = '';
  const waiting: { tag: string; resolve(v: unknown): void }[] = [];
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    buffer += d;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const w = waiting.find((x) => line.startsWith(`${x.tag} `));
      if (w) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(JSON.parse(line.slice(w.tag.length + 1)));
      }
    }
  });
  return {
    child,
    next: (tag) =>
      new Promise((resolve, reject) => {
        waiting.push({ tag, resolve });
        child.once('exit', (code) => reject(new Error(`${role} exited ${code}: ${stderr}`)));
      }),
  };
}

it('one trace runs from the gateway process through the subgraph process to Redis', async () => {
  const sub = start('subgraph');
  const { url, typeDefs } = (await sub.next('READY')) as { url: string; typeDefs: string };
  const composed = composeServices([{ name: 'traced', typeDefs: parse(typeDefs), url }]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'trace-')), 'supergraph.graphql');
  writeFileSync(file, composed.supergraphSdl);
  const gw = start('gateway', { SUPERGRAPH_PATH: file });
  const { url: gatewayUrl } = (await gw.next('READY')) as { url: string };

  const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ping }' }) });
  expect(await res.json()).toEqual({ data: { ping: 'PONG' } });
  await new Promise((r) => setTimeout(r, 200));

  const dump = async (p: ReturnType<typeof start>) => {
    const spans = p.next('SPANS') as Promise<Span[]>;
    p.child.stdin.write('dump\n');
    return spans;
  };
  const gatewaySpans = await dump(gw);
  const subgraphSpans = await dump(sub);

  // the gateway's server span for the client request roots the trace
  const root = gatewaySpans.find((s) => s.kind === 1 && s.parentSpanId === null && /POST/.test(s.name));
  expect(root).toBeDefined();
  const trace = root!.traceId;
  // its outgoing call to the subgraph (client span) …
  const call = gatewaySpans.find((s) => s.traceId === trace && s.kind === 2);
  expect(call).toBeDefined();
  // … is the parent of the subgraph process's server span …
  const served = subgraphSpans.find((s) => s.kind === 1 && s.traceId === trace);
  expect(served).toBeDefined();
  expect(served!.parentSpanId).toBe(call!.spanId);
  // … under which the subgraph asked Redis
  const redis = subgraphSpans.find((s) => s.traceId === trace && /ping/i.test(s.name));
  expect(redis).toBeDefined();
  console.log(`one trace ${trace}: ${[...gatewaySpans, ...subgraphSpans].filter((s) => s.traceId === trace).map((s) => `${s.service}:${s.name}`).join(' → ')}`);
});

import type { SimServer } from '../SimServer';

async function putFaults(url: string, body: object): Promise<void> {
  const res = await fetch(`${url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

/**
 * The fault switch every simulator shares, exercised over the wire against one of its routes:
 * down → the socket dies, errorRate 1 → 500 with a leaky body, latency → the answer waits
 * (asserted with a generous lower bound only), admin routes never faulted, reset clears it all.
 */
export async function expectFaultSwitch(sim: SimServer, probePath: string): Promise<void> {
  const url = sim.url;
  const healthy = await fetch(url + probePath);
  expect(healthy.status).toBe(200);
  await healthy.arrayBuffer();

  await putFaults(url, { down: true });
  await expect(fetch(url + probePath)).rejects.toThrow();
  const health = await fetch(`${url}/admin/health`);
  expect(await health.json()).toEqual({ ok: true, system: sim.system });

  await putFaults(url, { down: false, errorRate: 1 });
  const failed = await fetch(url + probePath);
  expect(failed.status).toBe(500);
  const leak = (await failed.json()) as { debug: string };
  expect(leak.debug).toMatch(new RegExp(`^${sim.system} host 10\\.\\d+\\.\\d+\\.\\d+ stack`));

  await putFaults(url, { errorRate: 0, latencyMs: 200 });
  const started = Date.now();
  const slow = await fetch(url + probePath);
  await slow.arrayBuffer();
  expect(slow.status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(150);

  const bad = await fetch(`${url}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 2 }) });
  expect(bad.status).toBe(400);
  await bad.arrayBuffer();

  const calls = (await (await fetch(`${url}/admin/calls`)).json()) as { count: number; paths: Record<string, number> };
  expect(calls.paths[probePath]).toBeGreaterThanOrEqual(4);

  await fetch(`${url}/admin/reset`, { method: 'POST' });
  expect(await (await fetch(`${url}/admin/faults`)).json()).toEqual({ latencyMs: 0, jitterMs: 0, errorRate: 0, down: false });
  expect(await (await fetch(`${url}/admin/calls`)).json()).toEqual({ count: 0, paths: {} });
}

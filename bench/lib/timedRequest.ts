import { performance } from 'node:perf_hooks';

export interface Timed<T> { ms: number; status: number; json: T | null; text: string }

/** One POST with its wall time (fetch keeps the connection alive between calls). */
export async function timedPost<T = unknown>(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<Timed<T>> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let json: T | null = null;
  try { json = JSON.parse(text) as T; } catch { json = null; }
  return { ms, status: res.status, json, text };
}

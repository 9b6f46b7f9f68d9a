import { collectDefaultMetrics, Registry } from 'prom-client';
import { readCpuMs } from '../../../scripts/spawnProcess';
import { gcSeconds, passThroughCount, perUnit, share } from '../processReadings';

describe('processReadings', () => {
  it("reads a process's CPU time from /proc, growing with work (what cpuMsPerRequest divides)", () => {
    const before = readCpuMs(process.pid)!;
    expect(before).toBeGreaterThan(0);
    const until = Date.now() + 150;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    const after = readCpuMs(process.pid)!;
    expect(after).toBeGreaterThanOrEqual(before + 100);
    expect(readCpuMs(2 ** 22 + 1)).toBeNull();
    expect(perUnit(before, before + 250, 1000)).toBe(0.25);
    expect(perUnit(null, after, 1000)).toBeNull();
    expect(perUnit(before, after, 0)).toBeNull();
  });

  it("sums prom-client's collector time over every kind, as a gateway's /metrics shows it", async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    expect(gcSeconds('process_cpu_seconds_total 1\n')).toBeNull();
    // some garbage, so that the collector runs and its histogram has samples
    let keep: number[][] = [];
    for (let i = 0; i < 2000; i++) keep = [...keep.slice(-10), Array.from({ length: 1000 }, (_, j) => j)];
    await new Promise((r) => setTimeout(r, 50));
    const text = await registry.metrics();
    // the same figure from prom-client's own reading of its histogram, not from the text
    const histogram = (await registry.getMetricsAsJSON()).find((m) => m.name === 'nodejs_gc_duration_seconds')!;
    const sums = (histogram.values as { metricName?: string; value: number }[]).filter((v) => v.metricName === 'nodejs_gc_duration_seconds_sum');
    expect(sums.length).toBeGreaterThan(0);
    expect(gcSeconds(text)).toBeCloseTo(sums.reduce((n, v) => n + v.value, 0), 6);
    expect(gcSeconds(text)!).toBeGreaterThan(0);
    registry.clear();
  });

  it('tells a gateway without the pass-through counter from one that passed nothing', () => {
    expect(passThroughCount('gateway_passthrough_total{outcome="answered"} 12\n')).toBe(12);
    expect(passThroughCount('# HELP gateway_passthrough_total x\n')).toBe(0);
    expect(passThroughCount('nodejs_heap_size_total_bytes 1\n')).toBeNull();
    const c = (hits: number, misses: number) => ({ hits, misses, positionHits: 0, positionMisses: 0, positionAnswers: 0, requests: 0 });
    expect(share(c(10, 10), c(13, 11), 'hits', 'misses')).toBe(0.75);
    expect(share(c(10, 10), c(10, 10), 'hits', 'misses')).toBeNull();
  });
});

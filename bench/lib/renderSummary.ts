/**
 * The suite's results as the Markdown tables of bench/README.md (and, copied, the main README),
 * rendered from the JSON result files so the tables never drift from the figures.
 */
import type { ScenarioResult } from '../throughput';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const CONTENDER_LABEL: Record<string, string> = { ours: 'our gateway', uncached: 'our gateway, stock cache off', 'uncached-no-passthrough': 'our gateway, stock cache and pass-through off', hive: 'Hive Gateway (JS planner)', 'hive-rust': 'Hive Gateway + Rust planner', direct: 'unification subgraph direct', ceiling: 'ceiling (bare node:http + Redis)', baseline: 'our gateway at the baseline commit (BENCH_BASELINE_DIR)' };

const fmtSpread = (s: { median: number; min: number; max: number }, digits = 0) =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

export function renderThroughput(t: Json): string {
  const rows = [
    '| Scenario | Contender | RPS median (min–max) | p50 ms | p99 ms | errors / requests | RSS max MB |',
    '|---|---|---|---|---|---|---|',
  ];
  const ratios = ['| Scenario | stock changes/s | ours / Hive RPS | ours / Hive p99 | ours / Hive + Rust RPS | ours / direct RPS | ours / ceiling RPS | ours cache off / Hive RPS |', '|---|---|---|---|---|---|---|---|'];
  for (const s of t.scenarios as ScenarioResult[]) {
    const names = Object.keys(s.results);
    if (names.length === 0) rows.push(`| ${s.title} | — | skipped: ${escape(Object.values(s.skipped)[0] ?? '')} | | | | |`);
    for (const n of names) {
      const r = s.results[n]!;
      const label = `${CONTENDER_LABEL[n] ?? n}${r.cacheHitRatio?.median ? ` (whole-answer hits ${Math.round(r.cacheHitRatio.median * 100)}%)` : ''}${r.positionAnswerRatio?.median ? ` (from positions ${Math.round(r.positionAnswerRatio.median * 100)}%)` : ''}${r.passThroughRatio?.median ? ` (passed through ${Math.round(r.passThroughRatio.median * 100)}%)` : ''}`;
      rows.push(`| ${s.title} | ${label} | ${fmtSpread(r.rps)} | ${fmtSpread(r.p50Ms, 1)} | ${fmtSpread(r.p99Ms, 1)} | ${r.errors} / ${r.requests}${failedCodes(r.failedAnswers)} | ${r.rssMaxMb ?? '—'} |`);
    }
    for (const [n, why] of Object.entries(s.skipped)) if (names.length) rows.push(`| ${s.title} | ${CONTENDER_LABEL[n] ?? n} | not measured: ${escape(why)} | | | | |`);
    const r = s.ratios;
    const offOverHive = s.results.uncached && s.results.hive ? Math.round((100 * s.results.uncached.rps.median) / s.results.hive.rps.median) / 100 : null;
    const churn = s.stockChangesPerSecond ? String(s.stockChangesPerSecond.median) : '—';
    if (names.length) ratios.push(`| ${s.name} | ${churn} | ${r.oursOverHiveRps ?? '—'} | ${r.oursOverHiveP99 ?? '—'} | ${r.oursOverHiveRustRps ?? '—'} | ${r.oursOverDirectRps ?? '—'} | ${r.oursOverCeilingRps ?? '—'} | ${offOverHive ?? '—'} |`);
  }
  const st = t.settings as Json;
  return [
    `${st.skus} SKUs × ${st.locations} locations; ${st.connections} connections, ${st.warmupS} s warm-up, ${st.repeats} × ${st.durationS} s measured per contender (interleaved); medians with (min–max) over the repeats. ${machineNote(t.machine)}`,
    '',
    ...rows,
    '',
    ...ratios,
  ].join('\n');
}

/** the realistic bench: the throughput tables, then RSS of each gateway and the unification subgraph behind it, and freshness */
export function renderRealistic(t: Json): string {
  const rss = ['| Scenario | Contender | gateway RSS max MB | unification RSS max MB |', '|---|---|---|---|'];
  for (const s of t.scenarios as ScenarioResult[]) {
    for (const [n, r] of Object.entries(s.results)) if (r.unificationRssMaxMb !== undefined) rss.push(`| ${s.name} | ${CONTENDER_LABEL[n] ?? n} | ${r.rssMaxMb ?? '—'} | ${r.unificationRssMaxMb ?? '—'} |`);
  }
  const f = t.freshness as Json;
  const st = t.settings as Json;
  return [
    `Seed ${st.seed}, Zipf(${st.zipfS}) popularity, ${st.shopperPoints} shopper points, ${st.churnPerS} stock changes/s.`,
    '',
    renderThroughput(t),
    '',
    ...rss,
    '',
    `Freshness (POS sale → storefront, every cache on, after the load): p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms over ${f.measured} sales (${f.missed} missed, ${f.failed} failed).`,
  ].join('\n');
}

export function renderOthers(r: Record<string, Json | undefined>): string {
  const lines = ['| Measure | Result | Target |', '|---|---|---|'];
  const c = r['cold-start'];
  if (c) lines.push(`| Cold start, \`npm start\` to banner / to /health | ${c.toBannerMs.median} ms / ${c.toHealthMs.median} ms (start.ts itself: ${c.startTsReportedMs.median} ms) | — |`);
  const m = r['redis-memory'];
  if (m) {
    const lm = m.ledgerMemoryBench ? `; ledger-memory bench: ${m.ledgerMemoryBench.bytesPerPosition} B over ${m.ledgerMemoryBench.positions} positions` : '';
    lines.push(`| Redis bytes per position | ${m.loadedWorld.bytesPerPosition} B (loaded world, ${m.loadedWorld.positions} positions, ${m.loadedWorld.encodings.join('/')})${lm} | ≤ ${m.targetBytesPerPosition} B |`);
  }
  const f = r.freshness;
  if (f) {
    lines.push(`| Freshness, POS sale → storefront availableToSell | p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms (${f.measured}/${f.sales} sales at ${f.achievedSalesPerSecond}/s, ${f.missed} missed; ${machineNote(f.machine)}) | p99 ≤ ${f.targetP99Ms} ms |`);
    lines.push(`| … of which sale → ledger change event (webhook push + ledger write + pub/sub) | p50 ${f.committedP50Ms} ms, p99 ${f.committedP99Ms} ms | — |`);
  }
  const b = r['batch-read'];
  if (b) lines.push(`| Batch read, 50 SKUs near a point | cold p50 ${b.cold.p50Ms} / p99 ${b.cold.p99Ms} ms; warm p50 ${b.warm.p50Ms} / p99 ${b.warm.p99Ms} ms | — |`);
  const t = r.throughput;
  const mix = (t?.scenarios as ScenarioResult[] | undefined)?.find((s) => s.name === 'mix');
  if (mix?.results.ours) lines.push(`| Gateway RSS under the mix (idle after start) | ours ${mix.results.ours.rssMaxMb} MB (${t?.idleRssMb?.ours} MB), Hive ${mix.results.hive?.rssMaxMb ?? '—'} MB (${t?.idleRssMb?.hive} MB) | ≤ 250 MB |`);
  return lines.join('\n');
}

export function renderProfile(p: Json): string {
  const lines = [
    `${p.scenario}, ${p.seconds} s under \`--cpu-prof\` (${p.rpsUnderProfiler} req/s while profiled); self time over ${p.totalMs} ms of CPU.`,
    '',
    '| # | Function | Where | Self ms | Self % |',
    '|---|---|---|---|---|',
    ...(p.functions as Json[]).map((f, i) => `| ${i + 1} | \`${f.fn}\` | ${f.where} | ${f.selfMs} | ${f.selfPct} |`),
    '',
    '| Package | Self % |',
    '|---|---|',
    ...(p.packages as Json[]).map((x) => `| ${x.pkg} | ${x.selfPct} |`),
  ];
  return lines.join('\n');
}

function machineNote(m: Json | undefined): string {
  return m ? `Machine ${m.busyPct}% busy during the run (load average ${m.loadAvg1mStart} → ${m.loadAvg1mEnd} on ${m.cpus} cores, shared with other work).` : '';
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 160);
}

/** ` (INSUFFICIENT_STOCK 146)`: what the failed answers said, when the run counted them */
function failedCodes(failed: Record<string, number> | undefined): string {
  const parts = Object.entries(failed ?? {}).map(([code, n]) => `${code} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * How the gateway's Node process is started in production (and by scripts/separateStack.ts, which
 * the benchmarks use). V8 grows the old generation lazily when it has room: under load the
 * gateway's RSS climbed past 320 MB while its live heap stayed near 70 MB (bench/README.md).
 * A 160 MB old-generation cap makes it collect instead; the live heap's bounds leave it twice
 * that room: base ~45 MB, the stock cache ≤ 16 MB, Apollo's document store ≤ 30 MiB and query plan
 * store ≤ 10 MiB (apolloOptions.ts, server.ts). The position cache is off the heap (typed arrays).
 * An 8 MB young generation (V8's default grows to 16 MB a semi-space): under drawn storefront
 * traffic its highest RSS was 233 MB against 249 MB, for 5.5% fewer requests a second (median)
 * on the realistic mix (bench/results/ab/realistic-mix-semi8-vs-default.json), which the 250 MB
 * budget asks for. Its price is highest on requests planned by Apollo: with it, ScanBarcode took
 * 1.65 ms of CPU against 1.49 for the gateway before this wave (0.91 × its RPS); with the default
 * 16 MB, 1.20 × that gateway's RPS (bench/results/ab/baseline-5e42d9e-alternating.json,
 * scan-semi16-vs-baseline.json). On drawn traffic the default reached 247.7–260.1 MB, 13–18 MB more
 * than the 8 MB cap beside it (ab/realistic-semi16*.json).
 */
export const GATEWAY_NODE_ARGS: readonly string[] = ['--max-old-space-size=160', '--max-semi-space-size=8'];

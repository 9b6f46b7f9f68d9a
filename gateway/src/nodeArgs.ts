/**
 * How the gateway's Node process is started in production (and by scripts/separateStack.ts, which
 * the benchmarks use). V8 grows the old generation lazily when it has room: under load the
 * gateway's RSS climbed past 320 MB while its live heap stayed near 70 MB (bench/README.md).
 * A 160 MB old-generation cap makes it collect instead; the live heap's bounds leave it twice
 * that room: base ~45 MB, the stock cache ≤ 16 MB, Apollo's document store ≤ 30 MiB and query plan
 * store ≤ 10 MiB (apolloOptions.ts, server.ts). The position cache is off the heap (typed arrays).
 * V8's default young generation (16 MB a semi-space). Until 5 December the gateway ran on an 8 MB
 * one (--max-semi-space-size=8) to stay under the 250 MB budget on drawn storefront traffic, where
 * the default reached 247.7–260.1 MB (ab/realistic-semi16*.json). That cap cost requests planned
 * by Apollo most: ScanBarcode took 1.65 ms of CPU against 1.49 for the gateway before this wave
 * (0.91 × its RPS, ab/baseline-5e42d9e-alternating.json). The room came from what the gateway
 * holds at rest: it read the whole SKU registry where it needs the SKU names and locations
 * (CatalogIndex, shared/src/registry; scripts/catalogIndexMemory.ts: heap 24.9 → 2.2 MB, reply
 * parser pool 11.2 → 1.6 MB on a registry of bench shape): idle RSS 148.3 → 142.1 MB. With both
 * changes the highest RSS on the realistic mix was 228 MB (bench/results/ab/realistic-int32-counts.json;
 * 217.7 MB in bench/results/realistic.json since positions were packed with 16-bit counts), and
 * ScanBarcode 0.88–1.01 × the old gateway's RPS in four alternating runs (README, "Against the
 * gateway before this wave's cache work").
 */
export const GATEWAY_NODE_ARGS: readonly string[] = ['--max-old-space-size=160'];

// The one seeded PRNG of the code base lives in shared/ (tests and benchmarks use it too).
export { hashLabel, mulberry32 } from '@stockgraph/shared/random';

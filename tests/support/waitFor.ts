export { waitFor, type WaitOptions } from '@stockgraph/shared/testing';

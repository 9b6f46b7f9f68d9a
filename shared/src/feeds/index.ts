// The public face of shared's feeds: what other packages may import from it.
export * from './DemandEvents';
export * from './FeedCursor';
export * from './KpiEvents';
export * from './OmsStatusEvents';
export * from './TillReturns';
export * from './reportHealth';

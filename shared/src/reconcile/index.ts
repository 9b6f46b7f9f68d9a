// The public face of shared's reconcile: what other packages may import from it.
export * from './DiscrepancyStore';
export * from './SnapshotReconciler';
export * from './cycleCounts';

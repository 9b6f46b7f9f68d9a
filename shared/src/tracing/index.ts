// The public face of shared's tracing: what other packages may import from it.
export * from './startTracing';

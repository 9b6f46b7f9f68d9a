// The public face of shared's health: what other packages may import from it.
export * from './SourceHealth';

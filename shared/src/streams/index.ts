// The public face of shared's streams: what other packages may import from it.
export * from './StreamConsumer';
export * from './topic';

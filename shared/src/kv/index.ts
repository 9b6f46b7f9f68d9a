// The public face of shared's kv: what other packages may import from it.
export * from './KeyValueStore';
export * from './MemoryKeyValueStore';
export * from './withLease';

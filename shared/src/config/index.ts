// The public face of shared's config: what other packages may import from it.
export * from './parseEnv';
export * from './subgraphEnv';

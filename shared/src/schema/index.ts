// The public face of shared's schema: what other packages may import from it.
export * from './apiSchema';
export * from './composeSupergraph';

// The public face of shared's graphql: what other packages may import from it.
export * from './scalars';
export * from './subgraphSchema';

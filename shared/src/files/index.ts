// The public face of shared's files: what other packages may import from it.
export * from './repoRoot';

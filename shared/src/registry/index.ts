// The public face of shared's registry: what other packages may import from it.
export * from './Registry';
export * from './types';

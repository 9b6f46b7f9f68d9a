// The public face of shared's idempotency: what other packages may import from it.
export * from './IdempotencyStore';

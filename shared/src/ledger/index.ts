// The public face of shared's ledger: what other packages may import from it.
export * from './MemoryLedger';
export * from './PackedPositions';
export * from './PositionCache';
export * from './RedisLedger';
export * from './StockLedger';
export * from './allocateSupply';
export * from './keys';
export * from './positionCodec';
export * from './redisScripts';

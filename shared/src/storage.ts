// Stores behind the StockLedger and KeyValueStore interfaces, memory and Redis.
export * from './ledger/MemoryLedger';
export * from './ledger/RedisLedger';
export * from './ledger/keys';
export * from './ledger/positionCodec';
export { LEDGER_DEFAULTS, type LedgerOptions } from './ledger/ledgerInput';
export * from './kv/MemoryKeyValueStore';
export * from './kv/RedisKeyValueStore';
export * from './redis/connect';
export * from './redis/ChannelSubscriber';
export * from './redis/closeRedis';
export { roundTrip, type Cmd, type RedisClient } from './redis/roundTrip';
export * from './stores';
export * from './streams/EventStreams';
export * from './streams/MemoryEventStreams';
export * from './streams/RedisEventStreams';
export * from './streams/StreamConsumer';
export * from './streams/topic';

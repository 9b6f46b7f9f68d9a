// The public face of shared's redis: what other packages may import from it.
export * from './closeRedis';
export * from './connect';
export * from './defineScripts';
export * from './redisTarget';
export * from './replicaAck';
export * from './roundTrip';

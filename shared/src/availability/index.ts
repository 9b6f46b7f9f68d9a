// The public face of shared's availability: what other packages may import from it.
export * from './channelPolicy';
export * from './skuAvailability';

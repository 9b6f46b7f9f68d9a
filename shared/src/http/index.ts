// The public face of shared's http: what other packages may import from it.
export * from './LegacyClient';
export * from './graphqlHttpServer';
export * from './keepAliveFetch';
export * from './legacyHttp';
export * from './parseWire';
export * from './runService';
export * from './startSubgraph';
export * from './wireValues';

// The POS subgraph's public face: the client that speaks the POS's wire format, and the app that serves it.
export * from './legacy/PosClient';
export { createPosApp, type PosApp } from './app';
export { POS_WEBHOOK_PATH } from './server';
export { loadPosConfig, type PosConfig } from './config';

// The WMS subgraph's public face: the client that speaks the WMS's wire format, and the app that serves it.
export * from './legacy/WmsClient';
export { createWmsApp, type WmsApp } from './app';
export { loadWmsConfig, type WmsConfig } from './config';

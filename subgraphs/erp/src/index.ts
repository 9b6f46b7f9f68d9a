// The ERP subgraph's public face: the client that speaks the ERP's wire format, and the app that serves it.
export * from './legacy/ErpClient';
export { createErpApp, type ErpApp } from './app';
export { loadErpConfig, type ErpConfig } from './config';

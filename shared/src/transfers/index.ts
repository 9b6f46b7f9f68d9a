// The public face of shared's transfers: what other packages may import from it.
export * from './TransferStore';

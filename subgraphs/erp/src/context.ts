import type { Identity } from '@stockgraph/shared/auth';
import DataLoader from 'dataloader';
import type { Logger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { ErpMaterial } from './legacy/ErpClient';
import type { ErpCatalog } from './feed/ErpCatalog';

export interface ErpDeps { catalog: ErpCatalog; registry: Registry; logger: Logger }

export interface ErpContext extends ErpDeps {
  identity: Identity;
  /** global SKU id → the ERP material behind it */
  materialLoader: DataLoader<string, ErpMaterial | null>;
}

export function createErpContext(deps: ErpDeps, identity: Identity): ErpContext {
  return {
    ...deps,
    identity,
    materialLoader: new DataLoader(async (ids) => {
      await deps.registry.refresh();
      return ids.map((id) => {
        const matnr = deps.registry.localCode(id, 'ERP');
        return (matnr && deps.catalog.materials.get(matnr)) || null;
      });
    }),
  };
}

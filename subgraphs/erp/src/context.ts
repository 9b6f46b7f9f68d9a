import DataLoader from 'dataloader';
import type { Logger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import type { ErpMaterial } from './legacy/ErpClient';
import type { ErpCatalog } from './feed/ErpCatalog';

export interface ErpDeps { catalog: ErpCatalog; registry: Registry; logger: Logger }

export interface ErpContext extends ErpDeps {
  /** global SKU id → the ERP material behind it */
  materialLoader: DataLoader<string, ErpMaterial | null>;
}

export function createErpContext(deps: ErpDeps): ErpContext {
  return {
    ...deps,
    materialLoader: new DataLoader(async (ids) => {
      await deps.registry.refresh();
      return ids.map((id) => {
        const matnr = deps.registry.localCode(id, 'ERP');
        return (matnr && deps.catalog.materials.get(matnr)) || null;
      });
    }),
  };
}

import type { Identity } from '@stockgraph/shared/auth';
import type { Logger, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { HoldService } from './holds/HoldService';
import type { OrderStore } from './orders/OrderStore';
import type { RouteService } from './orders/RouteService';
import type { FulfilmentService } from './orders/FulfilmentService';
import type { CancelService } from './orders/CancelService';
import type { ReturnService } from './returns/ReturnService';
import type { OmsClient } from './legacy/OmsClient';
import type { TransferStore } from '@stockgraph/shared/transfers';

export interface OmsDeps {
  holds: HoldService;
  routes: RouteService;
  fulfilments: FulfilmentService;
  cancels: CancelService;
  returns: ReturnService;
  oms: OmsClient;
  orders: OrderStore;
  ledger: StockLedger;
  registry: Registry;
  /** return transfers' live status (the unification subgraph ships and receives them) */
  transfers: TransferStore;
  logger: Logger;
}
export type OmsContext = OmsDeps & { identity: Identity };

import type { Identity } from '@stockgraph/shared/auth';
import type { Logger, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import type { HoldService } from './holds/HoldService';

export interface OmsDeps { holds: HoldService; ledger: StockLedger; registry: Registry; logger: Logger }
export type OmsContext = OmsDeps & { identity: Identity };

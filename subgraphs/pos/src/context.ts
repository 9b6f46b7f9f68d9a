import type { Identity } from '@stockgraph/shared/auth';
import type { Logger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { SalesCounter } from './feed/SalesCounter';

export interface PosDeps { registry: Registry; sales: SalesCounter; logger: Logger }
export type PosContext = PosDeps & { identity: Identity };

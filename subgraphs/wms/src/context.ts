import type { Identity } from '@stockgraph/shared/auth';
import type { Logger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { WmsInboundCache } from './feed/WmsInboundCache';

export interface WmsDeps { registry: Registry; inbound: WmsInboundCache; logger: Logger }
export type WmsContext = WmsDeps & { identity: Identity };


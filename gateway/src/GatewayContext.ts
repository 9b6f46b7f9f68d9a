import type { Logger } from '@stockgraph/shared';
import type { Identity } from '@stockgraph/shared/auth';
import type { OperationText } from './http/vettedOperation';

/** What the adapter learns while Apollo handles a request, read back for the log line and metrics. */
export interface RequestState {
  operationName: string | null;
  operationType: string | null;
  errorCodes: Set<string>;
  clientId: string | null;
  /** set when the stock cache missed: where the answer goes, and whether it may */
  cache?: {
    key: string; startEpoch: number; tags: string[] | null; clean: boolean; leads: boolean;
    /** the operation's text (and name), remembered when its plan shows it can never be kept */
    text: OperationText | null;
    /** of the tags, those the subgraph must read from the ledger, past its own cache */
    readThrough: string[];
  };
  /** answered by the position cache (no plan, no subgraph call) */
  positionCache?: boolean;
}

/** The context of one gateway request; the data source signs `identity` for the subgraphs. */
export interface GatewayContext {
  requestId: string;
  identity: Identity;
  logger: Logger;
  state: RequestState;
}

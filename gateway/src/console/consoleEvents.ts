import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StockLedger } from '@stockgraph/shared';
import { ANY_POSITION } from '@stockgraph/shared/ledger';

const HEARTBEAT_MS = 15_000;
/** one event carries at most this many positions; a bigger burst says "everything" instead */
const MAX_KEYS_PER_EVENT = 500;

/**
 * Server-sent events of the ledger's change events: which SKU × location positions changed, not
 * their figures. The console asks /graphql again (with its key, under its scopes) for what it
 * shows, so this stream never hands out a number the caller could not read anyway.
 * `event: change` `data: {"positions":[{"sku","locationId"}]}`, or `{"all":true}` when changes
 * may have been missed (reconnect of the change stream) or too many came at once.
 */
export function streamChanges(req: IncomingMessage, res: ServerResponse, ledger: Pick<StockLedger, 'onChange'>): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 1000\n\n');
  res.write(`event: ready\ndata: {}\n\n`);
  const unsubscribe = ledger.onChange((keys) => {
    const all = keys.length > MAX_KEYS_PER_EVENT || keys.some((k) => k.sku === ANY_POSITION.sku);
    const data = all ? { all: true } : { positions: keys.map((k) => ({ sku: k.sku, locationId: k.locationId })) };
    res.write(`event: change\ndata: ${JSON.stringify(data)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('error', stop);
}

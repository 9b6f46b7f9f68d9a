import type { Platform } from '@stockgraph/shared/platform';
import { TransferStore } from '@stockgraph/shared/transfers';
import type { RunningServer } from '@stockgraph/shared/http';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import { every } from '@stockgraph/shared/feeds';
import { FeedCursor } from '@stockgraph/shared/feeds';
import { TILL_RETURNS_TOPIC } from '@stockgraph/shared/feeds';
import { consumeTopic } from '@stockgraph/shared/streams';
import { OmsEventFeed } from './feed/OmsEventFeed';
import { publishOrderHistory } from './feed/publishOrderHistory';
import { AllocationReconciler } from './orders/AllocationReconciler';
import type { OmsDeps } from './context';
import { HoldService } from './holds/HoldService';
import type { OmsClient } from './legacy/OmsClient';
import { FulfilmentService } from './orders/FulfilmentService';
import { OrderStore } from './orders/OrderStore';
import { CancelService } from './orders/CancelService';
import { OrderSettler } from './orders/OrderSettler';
import { ShortPickRouter } from './orders/ShortPickRouter';
import { RouteService } from './orders/RouteService';
import { DEFAULT_ROUTING_CONFIG, type RoutingConfig } from './routing';
import { startOmsSubgraph } from './server';
import { ReturnService } from './returns/ReturnService';
import { parseDispositionConfig, type DispositionConfig } from './returns/dispositionConfig';

const ORDER_HOLD_TTL_MS = 3 * 24 * 3600_000;

export interface OmsAppOptions {
  client: OmsClient;
  policies: ChannelPolicies;
  routing?: RoutingConfig;
  orderHoldTtlMs?: number;
  pickupWindowMs?: number;
  disposition?: DispositionConfig;
}

export interface OmsApp {
  deps: OmsDeps;
  events: OmsEventFeed;
  reconciler: AllocationReconciler;
  /** reconciles holds with the OMS's open allocations every `ms` */
  startReconciling(ms: number): () => void;
  /** polls the OMS event feed every `ms`; returns a stop function */
  startEventPolling(ms: number): () => void;
  /** expires due holds and uncollected pickups, and fills received backorders, every `ms` (safe from many processes at once) */
  startExpirySweeper(ms: number): () => void;
  /** reports orders the OMS fulfilled before this process to planning's KPIs (fill and split rate) */
  publishOrderHistory(): Promise<number>;
  /** turns waiting backorders into on-hand holds wherever stock has arrived; returns how many */
  fillBackorders(): Promise<number>;
  /**
   * Consumes the till-returns stream (group 'oms'): each till return naming an order joins the
   * RMA model. Resolves once the consumer reads; returns its stop function.
   */
  startTillReturnJoin(): Promise<() => Promise<void>>;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
}

export function createOmsApp(p: Platform, opts: OmsAppOptions): OmsApp {
  const logger = p.logger.child({ subgraph: 'oms' });
  const ledger = p.stores.ledger;
  const orders = new OrderStore(p.stores.kv);
  const holds = new HoldService({ ledger, registry: p.registry, idempotency: p.idempotency, policies: opts.policies, logger });
  const routes = new RouteService({
    ledger, registry: p.registry, orders, oms: opts.client, idempotency: p.idempotency, policies: opts.policies,
    routing: opts.routing ?? DEFAULT_ROUTING_CONFIG, logger, orderHoldTtlMs: opts.orderHoldTtlMs ?? ORDER_HOLD_TTL_MS, kv: p.stores.kv,
  });
  const holdTtlMs = opts.orderHoldTtlMs ?? ORDER_HOLD_TTL_MS;
  const settler = new OrderSettler({ ledger, orders, logger, holdTtlMs });
  const shortPicks = new ShortPickRouter({
    ledger, registry: p.registry, orders, oms: opts.client, policies: opts.policies, routing: opts.routing ?? DEFAULT_ROUTING_CONFIG, settler, logger,
  });
  const fulfilments = new FulfilmentService({ ledger, orders, oms: opts.client, logger, pickupWindowMs: opts.pickupWindowMs ?? 72 * 3600_000, demandKv: p.stores.kv, settler, shortPicks });
  const cancels = new CancelService({ orders, oms: opts.client, idempotency: p.idempotency, settler });
  const returns = new ReturnService({
    ledger, registry: p.registry, oms: opts.client, kv: p.stores.kv, idempotency: p.idempotency,
    config: opts.disposition ?? parseDispositionConfig(), logger,
    findOrder: (id, clientId) => orders.findOrder(id, clientId),
    routeExchange: async (ref, channel, x, clientId) => {
      const out = await routes.route({ orderId: ref, channel, lines: x.lines, destination: x.destination ?? null, pickupLocationId: x.pickupLocationId ?? null }, clientId);
      return { order: out.order, userErrors: out.userErrors };
    },
  });
  const deps: OmsDeps = { holds, routes, fulfilments, cancels, returns, oms: opts.client, orders, ledger, registry: p.registry, transfers: new TransferStore(p.stores.kv), logger };
  const events = new OmsEventFeed({
    client: opts.client, ledger, registry: p.registry, orders, health: p.health, cursor: new FeedCursor(p.stores.kv, 'oms-events'), logger,
    isGraphReturn: (ref) => returns.isOwn(ref), settler, statusKv: p.stores.kv,
  });
  const reconciler = new AllocationReconciler({ ledger, orders, oms: opts.client, logger, holdTtlMs, resolveSku: (code) => p.registry.resolveSku('OMS', code) });
  const fillBackorders = async () => {
    const now = Date.now();
    let filled = 0;
    for (const key of await ledger.backorderPositions(now)) filled += (await ledger.fillBackorders(key, now)).length;
    return filled;
  };
  return {
    deps,
    events,
    reconciler,
    startReconciling: (ms) => every(ms, () => reconciler.run(), (err) => logger.warn({ err: (err as Error).message }, 'allocation reconcile failed')),
    startEventPolling: (ms) => every(ms, () => events.poll(), (err) => logger.warn({ err: (err as Error).message }, 'oms event poll failed')),
    startExpirySweeper: (ms) =>
      every(ms, async () => {
        await ledger.expireDue(Date.now());
        await fulfilments.expirePickups();
        await fillBackorders();
      }, (err) => logger.warn({ err: (err as Error).message }, 'expiry sweep failed')),
    publishOrderHistory: () => publishOrderHistory(opts.client, p.stores.kv),
    fillBackorders,
    async startTillReturnJoin() {
      const c = consumeTopic(p.stores.kv, TILL_RETURNS_TOPIC, {
        group: 'oms', logger,
        handle: async (e) => { await returns.joinTillReturn({ txnId: e.txnId, orderRef: e.orderRef, at: e.at }, e.lineNo, e.sku, e.locationId, e.qty); },
      });
      await c.ready;
      return () => c.stop();
    },
    start: (o) => startOmsSubgraph(deps, { ...o, ...p.identity }),
  };
}

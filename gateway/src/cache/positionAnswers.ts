import { execute, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import Negotiator from 'negotiator';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Channel, GeoPoint } from '@stockgraph/shared';
import { canSeeSku, requireChannel, type Identity } from '@stockgraph/shared/auth';
import { feedingMemo, skuAvailability, type AvailabilityWorld } from '@stockgraph/shared/availability';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import type { PositionCache } from '@stockgraph/shared/ledger';
import type { ReconcilePolicy } from '@stockgraph/shared/reconcile';
import type { CatalogIndex } from '@stockgraph/shared/registry';
import { assertGeo, assertIds, assertRadius } from '@stockgraph/shared/validation';
import type { GatewayContext } from '../GatewayContext';
import type { GatewayMetrics } from '../metrics/GatewayMetrics';
import { namesOperation, withinLimits, type FastPathRequest, type VariableLimits, type VettedOperation } from '../http/vettedOperation';
import { isAvailabilityOperation } from './availabilityShape';
import { cdnHeaders, type CdnHeaderOptions } from './cdnHeaders';

export interface PositionAnswerDeps {
  positions: PositionCache;
  registry: Pick<CatalogIndex, 'ready' | 'refresh' | 'sku' | 'location' | 'allLocations'>;
  /** the systems that cannot be reached now (kept current by the stock caches' health watch) */
  down: () => ReadonlySet<string>;
  policies: ChannelPolicies;
  reconcilePolicy: ReconcilePolicy;
  cdn: CdnHeaderOptions;
  /** what the fast path checks per request (Apollo checks them on the first request of a text) */
  limits: VariableLimits;
  /** query texts the fast path remembers; beyond this, new ones are answered through Apollo only */
  maxOperations?: number;
  metrics?: GatewayMetrics | null;
}

interface AvailabilityArgs { skus: string[]; channel: Channel; near?: GeoPoint | null; radiusKm?: number | null }

/** Apollo's two JSON media types, as it negotiates them (chooseContentTypeForSingleResultResponse) */
const APPLICATION_JSON = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const JSONP = 'application/json; callbackSpec=1.0; charset=utf-8';

/**
 * Answers availability questions at the gateway from its position cache, with no query plan and
 * no subgraph call: whatever the SKUs, near point, radius, channel or caller. The answer is
 * computed by the same function as the unification subgraph's (shared/availability), with the
 * same scoping (a channel-bound caller reads its channel only; a SKU outside a partner's
 * assortment is answered like an unknown one) and the same stale flags. Anything it cannot answer
 * whole and without an error goes the normal way, which gives the subgraph's own answer or error.
 *
 * Two ways in, one answer:
 * - `plugin()`, an Apollo Server plugin: the first request of a query text goes through Apollo,
 *   which parses, validates, applies every limit and authenticates the caller before
 *   `responseForOperation` runs; the text is then remembered as vetted;
 * - `answer()`, the fast path in front of Apollo: a later request with a vetted text, once
 *   authenticated and admitted by the rate limiter, with variables within the list-size and cost
 *   limits, is executed here directly (variables that do not coerce fail execution and go to
 *   Apollo) (Apollo's per-request pipeline was
 *   most of the cost of a cached answer). Its bytes and headers are Apollo's: `{"data":…}` and a
 *   newline, the content type Apollo would negotiate, the same caching headers.
 */
export class PositionAnswers {
  private readonly world: AvailabilityWorld;
  private readonly vetted = new Map<string, VettedOperation>();

  constructor(private readonly deps: PositionAnswerDeps) {
    this.world = {
      policies: deps.policies,
      reconcilePolicy: deps.reconcilePolicy,
      location: (id) => deps.registry.location(id),
      // once per channel and catalogue (allLocations is one array until the next)
      feeding: feedingMemo(deps.policies, () => deps.registry.allLocations()),
    };
  }

  /** the Apollo Server plugin (runs after every limit and auth plugin) */
  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async () => ({
        responseForOperation: async ({ operation, document, schema, contextValue, request, source }) => {
          if (!operation || !isAvailabilityOperation(schema, document, operation)) return null;
          const answered = await this.run({ schema, document, operation }, contextValue, request.variables, request.operationName);
          if (!answered) return null;
          this.learn(source, { schema, document, operation });
          this.deps.metrics?.observePositionAnswer('apollo');
          const headers = new HeaderMap([['x-position-cache', 'HIT'], ...Object.entries(answered.headers)]);
          return { http: { status: undefined, headers }, body: { kind: 'single', singleResult: { data: answered.data } } };
        },
      }),
    };
  }

  /** the answer to send (status 200), or null: Apollo's to answer */
  async answer(r: FastPathRequest): Promise<{ headers: Record<string, string>; body: string } | null> {
    const b = r.plain;
    const op = b && this.vetted.get(b.query);
    if (!b || !op || !namesOperation(b, op)) return null;
    const contentType = negotiate(r.accept);
    if (!contentType) return null;
    const admitted = await r.admit().catch(() => null);
    if (!admitted || admitted.wait > 0) return null;
    // variables that do not coerce: execute says so, and Apollo answers (below)
    if (!withinLimits(op, b.variables, this.deps.limits)) return null;
    r.state.clientId = admitted.identity.clientId;
    const context: GatewayContext = { requestId: r.requestId, identity: admitted.identity, logger: r.logger, state: r.state };
    const answered = await this.run(op, context, b.variables, b.operationName ?? undefined);
    if (!answered) return null;
    r.state.operationName = op.operation.name?.value ?? null;
    r.state.operationType = 'query';
    this.deps.metrics?.observePositionAnswer('fast');
    return { headers: { 'content-type': contentType, 'x-position-cache': 'HIT', ...answered.headers }, body: `${JSON.stringify({ data: answered.data })}\n` };
  }

  private learn(source: string | undefined, op: VettedOperation): void {
    if (source === undefined || this.vetted.has(source) || this.vetted.size >= (this.deps.maxOperations ?? 1000)) return;
    this.vetted.set(source, op);
  }

  /** the data and caching headers, or null when it cannot be answered whole and without an error here */
  private async run(
    op: { schema: GraphQLSchema; document: DocumentNode; operation: OperationDefinitionNode },
    context: GatewayContext, variables: Record<string, unknown> | undefined, operationName: string | undefined,
  ): Promise<{ data: Record<string, unknown>; headers: Record<string, string> } | null> {
    const deps = this.deps;
    if (!deps.registry.ready) await deps.registry.refresh();
    if (!deps.registry.ready) return null;
    const tags = new Set<string>();
    const rootValue = { availability: (args: AvailabilityArgs) => answerAvailability(deps, this.world, context.identity, args, tags) };
    const result = await execute({ schema: op.schema, document: op.document, rootValue, contextValue: context, variableValues: variables, operationName });
    if (result.errors?.length || !result.data) return null;
    const state = context.state;
    state.positionCache = true;
    if (state.cache) state.cache.tags = [...tags];
    return { data: result.data, headers: cdnHeaders(deps.cdn, context.identity, [...tags]) };
  }
}

/** clients send a handful of Accept headers: each is negotiated once (a bounded few, then per request) */
const negotiated = new Map<string, string | null>();
const MAX_NEGOTIATED = 64;

/** The content type Apollo would answer with, or null where Apollo would do otherwise (refuse, or JSONP) */
function negotiate(accept: string | undefined): string | null {
  if (!accept) return APPLICATION_JSON;
  let type = negotiated.get(accept);
  if (type === undefined) {
    const preferred = new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, JSONP]);
    type = preferred === APPLICATION_JSON || preferred === GRAPHQL_RESPONSE_JSON ? preferred : null;
    if (negotiated.size < MAX_NEGOTIATED) negotiated.set(accept, type);
  }
  return type;
}

async function answerAvailability(deps: PositionAnswerDeps, world: AvailabilityWorld, identity: Identity, args: AvailabilityArgs, tags: Set<string>) {
  assertIds(args.skus, 'skus');
  requireChannel(identity, args.channel);
  const near = assertGeo(args.near);
  const radiusKm = assertRadius(args.radiusKm);
  await deps.registry.refresh();
  // a SKU outside the caller's assortment does not exist for it
  const records = args.skus.map((id) => (canSeeSku(identity, id) ? deps.registry.sku(id) : undefined));
  const ids = records.flatMap((r) => (r ? [r.id] : []));
  for (const id of args.skus) tags.add(id);
  const positions = await deps.positions.positionsForSkus(ids);
  const down = deps.down();
  let k = 0;
  return records.map((rec) => {
    if (!rec) return null;
    const fig = skuAvailability(world, rec.id, args.channel, positions[k++], down, near, radiusKm);
    return { ...fig, sku: rec, asOf: fig.asOf === null ? null : new Date(fig.asOf).toISOString() };
  });
}

import { execute } from 'graphql';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Channel, GeoPoint } from '@stockgraph/shared';
import { canSeeSku, requireChannel, type Identity } from '@stockgraph/shared/auth';
import { feedingLocations, skuAvailability, type AvailabilityWorld } from '@stockgraph/shared/availability';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import type { PositionCache } from '@stockgraph/shared/ledger';
import type { ReconcilePolicy } from '@stockgraph/shared/reconcile';
import type { Registry } from '@stockgraph/shared/registry';
import { assertGeo, assertIds, assertRadius } from '@stockgraph/shared/validation';
import type { GatewayContext } from '../GatewayContext';
import { isAvailabilityOperation } from './availabilityShape';
import { cdnHeaders, type CdnHeaderOptions } from './cdnHeaders';

export interface PositionAnswerDeps {
  positions: PositionCache;
  registry: Pick<Registry, 'ready' | 'refresh' | 'sku' | 'location' | 'allLocations'>;
  /** the systems that cannot be reached now (kept current by the stock caches' health watch) */
  down: () => ReadonlySet<string>;
  policies: ChannelPolicies;
  reconcilePolicy: ReconcilePolicy;
  cdn: CdnHeaderOptions;
}

interface AvailabilityArgs { skus: string[]; channel: Channel; near?: GeoPoint | null; radiusKm?: number | null }

/**
 * Answers availability questions at the gateway from its position cache, with no query plan and
 * no subgraph call: whatever the SKUs, near point, radius, channel or caller. Apollo Server has
 * parsed, validated, applied every limit and authenticated the caller by the time
 * `responseForOperation` runs; the answer is computed by the same function as the unification
 * subgraph's (shared/availability), with the same scoping (a channel-bound caller reads its
 * channel only; a SKU outside a partner's assortment is answered like an unknown one) and the
 * same stale flags. Anything it cannot answer whole and without an error goes the normal way,
 * which gives the subgraph's own answer or error.
 */
export function positionAnswersPlugin(deps: PositionAnswerDeps): ApolloServerPlugin<GatewayContext> {
  const world: AvailabilityWorld = {
    policies: deps.policies,
    reconcilePolicy: deps.reconcilePolicy,
    location: (id) => deps.registry.location(id),
    feeding: (channel) => feedingLocations(deps.policies, channel, deps.registry.allLocations()),
  };
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ operation, document, schema, contextValue, request }) {
          if (!operation || !isAvailabilityOperation(schema, document, operation)) return null;
          if (!deps.registry.ready) await deps.registry.refresh();
          if (!deps.registry.ready) return null;
          const tags = new Set<string>();
          const rootValue = {
            availability: (args: AvailabilityArgs) => answerAvailability(deps, world, contextValue.identity, args, tags),
          };
          const result = await execute({ schema, document, rootValue, contextValue, variableValues: request.variables, operationName: request.operationName });
          if (result.errors?.length || !result.data) return null;
          const state = contextValue.state;
          state.positionCache = true;
          if (state.cache) state.cache.tags = [...tags];
          const headers = new HeaderMap([['x-position-cache', 'HIT'], ...Object.entries(cdnHeaders(deps.cdn, contextValue.identity, [...tags]))]);
          return { http: { status: undefined, headers }, body: { kind: 'single', singleResult: { data: result.data } } };
        },
      };
    },
  };
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

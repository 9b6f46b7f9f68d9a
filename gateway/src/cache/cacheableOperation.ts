import { Kind, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { ID_PATTERN } from '@stockgraph/shared/validation';

/** The subgraph whose answers the stock cache may keep: its data is the ledger, the registry and source health. */
const CACHEABLE_SUBGRAPH = 'unification';
/** Root fields whose answers are a function of the named SKUs' positions (and the flushed-on-change rest). */
const CACHEABLE_ROOT_FIELDS = new Set(['availability']);

interface PlanNode { kind: string; serviceName?: string; node?: PlanNode; nodes?: PlanNode[]; ifClause?: PlanNode; elseClause?: PlanNode }

/** Every subgraph a query plan calls; null for a node kind this does not know (then nothing is cached). */
export function planSubgraphs(plan: { node?: PlanNode }): Set<string> | null {
  const out = new Set<string>();
  const walk = (n: PlanNode | undefined): boolean => {
    if (!n) return true;
    switch (n.kind) {
      case 'Fetch':
        out.add(n.serviceName ?? '');
        return true;
      case 'Sequence':
      case 'Parallel':
        return (n.nodes ?? []).every(walk);
      case 'Flatten':
        return walk(n.node);
      case 'Condition':
        return walk(n.ifClause) && walk(n.elseClause);
      default:
        return false;
    }
  };
  return walk(plan.node) ? out : null;
}

/**
 * The SKUs a query's answer depends on, when the stock cache may keep it; null when it may not.
 * Cacheable: a query whose plan calls only the unification subgraph and whose root fields are all
 * `availability(skus: …)` (or `__typename`), the SKUs given literally or by variables. Anything
 * else (another subgraph's data, a fragment at the root, a field of unknown dependencies) is not.
 */
export function cacheTags(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  plan: { node?: PlanNode },
): string[] | null {
  if (!keepableShape(operation, plan)) return null;
  const tags = new Set<string>();
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD || sel.name.value === '__typename') continue;
    const skus = sel.arguments!.find((a) => a.name.value === 'skus')!;
    const values = stringList(skus.value, variables);
    if (!values) return null;
    for (const v of values) tags.add(v);
  }
  return tags.size ? [...tags] : null;
}

/**
 * Whether an operation could ever be kept, whatever its variables: a query planned to the
 * unification subgraph alone whose root fields are `availability(skus: …)` (or `__typename`). The
 * text and its plan decide it, so an operation that fails it never needs the cache again.
 */
export function keepableShape(operation: OperationDefinitionNode, plan: { node?: PlanNode }): boolean {
  if (operation.operation !== 'query') return false;
  const subgraphs = planSubgraphs(plan);
  if (!subgraphs || subgraphs.size !== 1 || !subgraphs.has(CACHEABLE_SUBGRAPH)) return false;
  return operation.selectionSet.selections.every((sel) => sel.kind === Kind.FIELD
    && (sel.name.value === '__typename' || (CACHEABLE_ROOT_FIELDS.has(sel.name.value) && Boolean(sel.arguments?.some((a) => a.name.value === 'skus')))));
}

function stringList(v: ValueNode, variables: Record<string, unknown> | undefined): string[] | null {
  const value = (x: ValueNode): unknown => (x.kind === Kind.VARIABLE ? variables?.[x.name.value] : x.kind === Kind.STRING ? x.value : undefined);
  const raw = v.kind === Kind.LIST ? v.values.map(value) : value(v);
  const list = Array.isArray(raw) ? raw : [raw];
  // an id the subgraph would refuse is not cached, and never travels in a header (read-through)
  return list.every((s): s is string => typeof s === 'string' && ID_PATTERN.test(s)) ? list : null;
}

import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface CostOptions {
  /** assumed length of a list with no size argument */
  defaultListSize: number;
  /** arguments that size the list a field returns (or the `edges` of a connection it returns) */
  pageArguments?: string[];
  /** list fields of a connection that the page argument of the parent sizes */
  sizedFields?: string[];
}

export const PAGE_ARGUMENTS = ['first', 'last', 'limit'];
const SIZED_FIELDS = ['edges', 'nodes'];

/**
 * A static upper estimate of the objects an operation can produce: every composite field costs
 * 1 per object, multiplied by the sizes of the lists around it. Sizes come from `first`/`last`
 * (literal, variable or schema default), from the length of a list argument (`skus: [..]`
 * returns one item per SKU), else defaultListSize. Scalars are free. Every fragment spread
 * counts, so fanning a fragment out is paid for; each fragment is measured once.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: CostOptions,
): number {
  const pageArgs = options.pageArguments ?? PAGE_ARGUMENTS;
  const sizedFields = options.sizedFields ?? SIZED_FIELDS;
  const vars = withVariableDefaults(operation, variables);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();

  function fieldSize(node: FieldNode, def: GraphQLField<unknown, unknown>): { page: number | null; listArg: number | null } {
    let page: number | null = null;
    let listArg: number | null = null;
    for (const arg of def.args) {
      const given = node.arguments?.find((a) => a.name.value === arg.name);
      const value = given ? valueFromASTUntyped(given.value, vars) : arg.defaultValue;
      if (pageArgs.includes(arg.name) && typeof value === 'number') page = Math.max(0, value);
      if (Array.isArray(value)) listArg = Math.max(listArg ?? 0, value.length);
    }
    return { page, listArg };
  }

  function cost(set: SelectionSetNode | undefined, parent: GraphQLCompositeType, pending: number | null): number {
    let total = 0;
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
        if (!def) continue;
        const named = getNamedType(def.type);
        if (!isCompositeType(named)) continue;
        const { page, listArg } = fieldSize(sel, def);
        let factor = 1;
        let childPending: number | null = null;
        if (isListType(getNullableType(def.type))) {
          factor = page ?? (pending !== null && sizedFields.includes(sel.name.value) ? pending : null) ?? listArg ?? options.defaultListSize;
        } else if (page !== null) {
          childPending = page;
        }
        total += factor * (1 + cost(sel.selectionSet, named, childPending));
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += cost(sel.selectionSet, type, pending);
      } else {
        total += spreadCost(sel.name.value, pending);
      }
    }
    return total;
  }

  function spreadCost(name: string, pending: number | null): number {
    const key = `${name}|${pending}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || !isCompositeType(type) || visiting.has(key)) return 0;
    visiting.add(key);
    const value = cost(fragment.selectionSet, type, pending);
    visiting.delete(key);
    memo.set(key, value);
    return value;
  }

  const root = schema.getRootType(operation.operation);
  return root ? cost(operation.selectionSet, root, null) : 0;
}

/** Raw variables, with the operation's own defaults where a variable was not sent. */
export function withVariableDefaults(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...variables };
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (out[name] === undefined && def.defaultValue) out[name] = valueFromASTUntyped(def.defaultValue);
  }
  return out;
}

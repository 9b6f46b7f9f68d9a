import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/**
 * The fields the position cache can answer: `availability(skus:)` at the root and, under it, what
 * is worked out from a SKU's positions, the locations and the channel policy. `promisable` (open
 * supply, a second ledger read) and every field another subgraph owns are not.
 */
const ANSWERABLE: Record<string, ReadonlySet<string>> = {
  Query: new Set(['availability']),
  SkuAvailability: new Set(['sku', 'channel', 'availableToSell', 'shipping', 'pickup', 'asOf', 'stale', 'locations']),
  ShippingAvailability: new Set(['available', 'quantity']),
  PickupOption: new Set(['location', 'distanceKm', 'availableToSell']),
  LocationAvailability: new Set(['location', 'availableToSell']),
  Sku: new Set(['id', 'name']),
  Location: new Set(['id', 'name', 'type', 'geo', 'capabilities']),
  GeoPoint: new Set(['lat', 'lng']),
};

const shapes = new WeakMap<OperationDefinitionNode, boolean>();

/**
 * Whether every field the operation (with its fragments) selects is one the position cache can
 * answer. Apollo Server keeps one parsed document per query text, so this is worked out once per
 * operation, not per request.
 */
export function isAvailabilityOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  let ok = shapes.get(operation);
  if (ok === undefined) {
    ok = operation.operation === 'query' && selectsOnlyAnswerable(schema, document, operation);
    shapes.set(operation, ok);
  }
  return ok;
}

function selectsOnlyAnswerable(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  let ok = true;
  let fields = 0;
  const typeInfo = new TypeInfo(schema);
  // the operation and every fragment of the document: a fragment the operation does not use only makes this stricter
  const nodes = document.definitions.filter((d) => d === operation || d.kind === 'FragmentDefinition');
  for (const node of nodes) {
    visit(node, visitWithTypeInfo(typeInfo, {
      Field(field) {
        if (field.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        if (!parent || !ANSWERABLE[parent.name]?.has(field.name.value)) ok = false;
        else fields++;
      },
    }));
    if (!ok) return false;
  }
  return fields > 0;
}

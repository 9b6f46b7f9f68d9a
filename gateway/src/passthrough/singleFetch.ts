import { Kind, visit, BREAK, type DocumentNode, type OperationDefinitionNode } from 'graphql';

/** The slice of @apollo/query-planner's plan nodes this reads. */
interface PlanNode {
  kind: string;
  serviceName?: string;
  operationKind?: string;
  requires?: unknown[];
  inputRewrites?: unknown[];
  outputRewrites?: unknown[];
  contextRewrites?: unknown[];
  hasDefers?: boolean;
}

/** directives a subgraph applies to the client's text exactly as the gateway would */
const PLAIN_DIRECTIVES = new Set(['skip', 'include']);

/**
 * The one subgraph that answers this operation on its own, as the client wrote it, or null.
 * Yes only for a query whose plan is a single fetch (no entity fetch, no `@requires` input, no
 * rewriting of inputs or outputs, no `@defer`), and whose text asks nothing the gateway answers
 * itself or treats specially: no introspection field besides `__typename`, no directive but
 * `@skip`/`@include`. Then the subgraph's answer to the client's own text is the gateway's answer.
 */
export function singleFetchSubgraph(plan: { node?: PlanNode }, document: DocumentNode, operation: OperationDefinitionNode): string | null {
  const n = plan.node;
  if (operation.operation !== 'query' || !n || n.kind !== 'Fetch' || !n.serviceName) return null;
  if (n.operationKind !== undefined && n.operationKind !== 'query') return null;
  if (n.requires?.length || n.inputRewrites?.length || n.outputRewrites?.length || n.contextRewrites?.length || n.hasDefers) return null;
  let plain = true;
  visit(document, {
    Field(f) {
      if (f.name.value.startsWith('__') && f.name.value !== '__typename') {
        plain = false;
        return BREAK;
      }
      return undefined;
    },
    Directive(d) {
      if (!PLAIN_DIRECTIVES.has(d.name.value)) {
        plain = false;
        return BREAK;
      }
      return undefined;
    },
  });
  // one operation in the text: the subgraph picks the same one without being told its name
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  return plain && operations === 1 ? n.serviceName : null;
}

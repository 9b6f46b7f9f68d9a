import { Kind, valueFromASTUntyped, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { badUserInput } from '@stockgraph/shared';
import { PAGE_ARGUMENTS, withVariableDefaults } from './estimateCost';

export interface ListSizeLimits {
  maxListItems: number;
  maxPageSize: number;
}

const MAX_VALUE_NESTING = 32;

/**
 * Refuses `first: 99999999`, a `skus` list of 10,000 items or any input list (say `lines`)
 * longer than maxListItems, whether written inline or sent as a variable: the answer is
 * BAD_USER_INPUT before any subgraph is asked.
 */
export function listSizeLimitPlugin(limits: ListSizeLimits, exposeLimits: boolean): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const problem = findListSizeProblem(document, operation, request.variables ?? {}, limits);
          if (problem) {
            throw badUserInput(exposeLimits ? problem : 'An argument exceeds a size limit of this server.', { http: { status: 400 } });
          }
        },
      };
    },
  };
}

export function findListSizeProblem(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: ListSizeLimits,
): string | null {
  const vars = withVariableDefaults(operation, variables);
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seen = new Set<string>();

  function inValue(value: unknown, where: string, nesting: number): string | null {
    if (nesting > MAX_VALUE_NESTING) return `${where} is nested more than ${MAX_VALUE_NESTING} levels deep.`;
    if (Array.isArray(value)) {
      if (value.length > limits.maxListItems) return `${where} has ${value.length} items; the maximum is ${limits.maxListItems}.`;
      for (const item of value) {
        const p = inValue(item, where, nesting + 1);
        if (p) return p;
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const p = inValue(v, `${where}.${k}`, nesting + 1);
        if (p) return p;
      }
    }
    return null;
  }

  function inSet(set: SelectionSetNode | undefined): string | null {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const name = sel.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const p = inSet(fragments.get(name)?.selectionSet);
        if (p) return p;
        continue;
      }
      if (sel.kind === Kind.FIELD) {
        for (const arg of sel.arguments ?? []) {
          const where = `Argument "${arg.name.value}" of "${sel.name.value}"`;
          const value = valueFromASTUntyped(arg.value, vars);
          if (PAGE_ARGUMENTS.includes(arg.name.value) && typeof value === 'number' && value > limits.maxPageSize) {
            return `${where} is ${value}; the maximum page size is ${limits.maxPageSize}.`;
          }
          const p = inValue(value, where, 0);
          if (p) return p;
        }
      }
      const p = inSet(sel.selectionSet);
      if (p) return p;
    }
    return null;
  }

  // variables first: a deeply nested variable must be refused before anything walks it
  for (const [name, value] of Object.entries(variables)) {
    const p = inValue(value, `Variable "$${name}"`, 0);
    if (p) return p;
  }
  return inSet(operation.selectionSet);
}

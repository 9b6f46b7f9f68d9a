import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { fragmentMemo } from './fragmentMemo';
import { limitError } from './limitError';

/** The introspection list fields whose nesting makes the circular-introspection attack. */
const NESTING_FIELDS = new Set(['fields', 'inputFields', 'interfaces', 'possibleTypes']);

/**
 * When introspection is on, refuses `fields { type { fields { type { fields … } } } }`: the
 * standard introspection query nests these lists once; an attack nests them again and again.
 */
export function introspectionDepthRule(maxNesting: number, exposeLimits: boolean): ValidationRule {
  return (context) => {
    // measured inside introspection only: a business type may have a field called `fields`
    const fragmentNesting = fragmentMemo(
      (name) => context.getFragment(name),
      (fragment) => nesting(fragment.selectionSet, true),
      0,
    );
    function nesting(set: SelectionSetNode | undefined, inside: boolean): number {
      let max = 0;
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) {
          const name = sel.name.value;
          const nowInside = inside || name === '__schema' || name === '__type';
          const own = nowInside && NESTING_FIELDS.has(name) ? 1 : 0;
          max = Math.max(max, own + nesting(sel.selectionSet, nowInside));
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          max = Math.max(max, nesting(sel.selectionSet, inside));
        } else if (inside) {
          max = Math.max(max, fragmentNesting(sel.name.value));
        } else {
          max = Math.max(max, fragmentOutside(sel.name.value));
        }
      }
      return max;
    }
    const fragmentOutside = fragmentMemo(
      (name) => context.getFragment(name),
      (fragment) => nesting(fragment.selectionSet, false),
      0,
    );
    return {
      OperationDefinition(node) {
        const n = nesting(node.selectionSet, false);
        if (n > maxNesting) {
          context.reportError(
            limitError(exposeLimits, `Introspection lists are nested ${n} deep; the maximum is ${maxNesting}.`, node),
          );
        }
      },
    };
  };
}
